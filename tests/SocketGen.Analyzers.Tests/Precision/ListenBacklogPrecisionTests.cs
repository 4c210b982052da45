using SocketGen.Analyzers.SocketConstruction;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Precision;

/// <summary>SG2005 reports a small backlog only on a listener that serves an accept loop.</summary>
public class ListenBacklogPrecisionTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new ListenBacklogAnalyzer()) { TestCode = code }.RunAsync();

    [Fact]
    public Task A_listener_that_accepts_once_or_never_is_not_reported()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            class DataChannel
            {
                Socket _socket;

                public void Listen(IPAddress address, int port)
                {
                    _socket ??= new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    _socket.Bind(new IPEndPoint(address, port));
                    _socket.Listen(1);
                }

                public void Accept() => _socket = _socket.Accept();

                static void OneConnection()
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start(1);
                    using var client = listener.AcceptTcpClient();
                }

                static void NeverAccepts()
                {
                    using var full = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    full.Listen(1);
                }

                static void FreshListenerEachTime(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                        listener.Listen(1);
                        listener.Accept().Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task A_listener_that_serves_a_loop_directly_or_through_a_field_a_parameter_or_a_callback_is_reported()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Servers
            {
                TcpListener _listener;
                Socket _forwarder;

                void Direct(Socket socket)
                {
                    [|socket.Listen(1)|];
                    while (true)
                    {
                        var client = socket.Accept();
                        new Thread(() => client.Dispose()).Start();
                    }
                }

                public void Start(IPAddress address, CancellationToken token)
                {
                    _listener = new TcpListener(address, 0);
                    [|_listener.Start(1)|];
                    _ = Task.Run(() => AcceptAll(token));
                }

                async Task AcceptAll(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        using var socket = await AcceptOne(token);
                    }
                }

                Task<Socket> AcceptOne(CancellationToken token) => _listener.AcceptSocketAsync(token).AsTask();

                void HandedOn()
                {
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    [|listener.Listen(5)|];
                    new Thread(() => Serve(listener)).Start();
                }

                static void Serve(Socket listening)
                {
                    for (;;)
                    {
                        listening.Accept().Dispose();
                    }
                }

                Socket _threaded;

                void StartThread(IPEndPoint endPoint)
                {
                    _threaded = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    _threaded.Bind(endPoint);
                    [|_threaded.Listen(1)|];
                    new Thread(AcceptOnThread).Start(_threaded);
                }

                static void AcceptOnThread(object state)
                {
                    var listening = (Socket)state;
                    while (true)
                    {
                        listening.Accept().Dispose();
                    }
                }

                void StartForwarding(IPEndPoint endPoint)
                {
                    _forwarder = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    _forwarder.Bind(endPoint);
                    [|_forwarder.Listen(5)|];
                    StartAccept(null);
                }

                void StartAccept(SocketAsyncEventArgs e)
                {
                    if (e is null)
                    {
                        e = new SocketAsyncEventArgs();
                        e.Completed += AcceptCompleted;
                    }
                    else
                    {
                        e.AcceptSocket = null;
                    }

                    if (!_forwarder.AcceptAsync(e))
                    {
                        AcceptCompleted(null, e);
                    }
                }

                void AcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    var client = e.AcceptSocket;
                    StartAccept(e);
                    client?.Dispose();
                }
            }
            """);
}
