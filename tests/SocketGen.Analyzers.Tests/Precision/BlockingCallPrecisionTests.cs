using SocketGen.Analyzers.Blocking;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Precision;

/// <summary>SG2002 leaves alone the blocking calls that are chosen or that cannot wait for a peer.</summary>
public class BlockingCallPrecisionTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new BlockingCallInAsyncAnalyzer()) { TestCode = code }.RunAsync();

    [Fact]
    public Task The_synchronous_branch_of_a_run_time_sync_async_switch_is_not_reported()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            enum IOBehavior { Synchronous, Asynchronous }

            class Driver
            {
                async Task<IPAddress[]> ConnectAsync(Socket socket, TcpClient client, IPEndPoint endPoint, string host, IOBehavior io, CancellationToken token)
                {
                    var addresses = io == IOBehavior.Asynchronous
                        ? await Dns.GetHostAddressesAsync(host, token)
                        : Dns.GetHostAddresses(host);
                    if (io == IOBehavior.Asynchronous)
                    {
                        await socket.ConnectAsync(endPoint, token);
                    }
                    else
                    {
                        if (token.CanBeCanceled)
                        {
                            socket.Connect(endPoint);
                        }
                        else
                        {
                            client.Connect(endPoint);
                        }
                    }

                    // Not a switch: the other branch does not await.
                    if (token.CanBeCanceled)
                    {
                        [|socket.Connect(endPoint)|];
                    }
                    else
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    return addresses;
                }
            }
            """);

    [Fact]
    public Task Connect_and_send_on_a_datagram_socket_are_not_reported_but_its_receive_is()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Datagrams
            {
                static readonly Socket s_probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

                async Task RunAsync(IPEndPoint endPoint, byte[] buffer, UdpClient udpClient)
                {
                    await Task.Yield();
                    using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Connect(endPoint);
                    udp.Send(buffer);
                    udp.SendTo(buffer, endPoint);
                    s_probe.Connect(endPoint);
                    udpClient.Client.Connect(endPoint);
                    udpClient.Send(buffer, buffer.Length);
                    Func<Task> later = async () => { await Task.Yield(); udp.Send(buffer); };
                    await later();
                    [|udp.Receive(buffer)|];
                    using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    [|tcp.Connect(endPoint)|];
                }
            }
            """);

    [Fact]
    public Task An_accept_reached_only_after_Pending_or_Poll_on_the_same_listener_is_not_reported()
        => VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Server
            {
                async Task ServeAsync(TcpListener listener, TcpListener other, Socket socket, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        // Checked, but the accept is reached on the other path too.
                        if (listener.Pending())
                        {
                            await Task.Yield();
                        }

                        [|listener.AcceptTcpClient()|].Dispose();
                        if (listener.Pending())
                        {
                            using var client = listener.AcceptTcpClient();
                        }
                        else
                        {
                            await Task.Delay(100, token);
                        }

                        if (!listener.Pending())
                        {
                            continue;
                        }

                        listener.AcceptSocket().Dispose();
                        if (socket.Poll(0, SelectMode.SelectRead))
                        {
                            socket.Accept().Dispose();
                        }

                        if (other.Pending() || token.CanBeCanceled)
                        {
                            [|other.AcceptSocket()|].Dispose();
                        }
                    }

                    while (!socket.Poll(1000, SelectMode.SelectRead))
                    {
                        await Task.Delay(10, token);
                    }

                    socket.Accept().Dispose();
                }
            }
            """);
}
