using SocketGen.Analyzers.Blocking;
using SocketGen.CodeFixes.Blocking;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Blocking;

public class BlockingCallInAsyncTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new BlockingCallInAsyncAnalyzer()) { TestCode = code }.RunAsync();

    [Fact]
    public Task Blocking_calls_in_async_methods_lambdas_and_local_functions_are_reported()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                async Task RunAsync(Socket socket, TcpListener listener, byte[] buffer)
                {
                    await Task.Yield();
                    [|socket.Connect(new IPEndPoint(IPAddress.Loopback, 80))|];
                    [|socket.Send(buffer)|];
                    var n = [|socket.Receive(buffer)|];
                    var addresses = [|Dns.GetHostAddresses("localhost")|];
                    using var client = [|listener.AcceptTcpClient()|];
                    using var other = [|new TcpClient("localhost", 80)|];
                    Func<Task> later = async () => { await Task.Yield(); [|socket.Accept()|]; };
                    async Task LocalAsync() { await Task.Yield(); [|socket.SendTo(buffer, new IPEndPoint(IPAddress.Loopback, 9))|]; }
                    await LocalAsync();
                }
            }
            """);

    [Fact]
    public Task Sync_methods_sync_lambdas_and_async_calls_are_not_reported()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                int Read(Socket socket, byte[] buffer) => socket.Receive(buffer);

                void Connect(Socket socket) => socket.Connect(IPAddress.Loopback, 80);

                async Task RunAsync(Socket socket, byte[] buffer)
                {
                    await socket.ReceiveAsync(buffer, SocketFlags.None);
                    await Task.Run(() => socket.Receive(buffer));
                    var available = socket.Available;
                    socket.Dispose();
                    Action sync = () => socket.Send(buffer);
                    sync();
                }
            }
            """);

    [Fact]
    public Task Fix_awaits_the_async_variant_with_the_token_in_scope()
        => new SocketAnalyzerTest(new BlockingCallInAsyncCodeFix(), new BlockingCallInAsyncAnalyzer())
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    async Task<int> RunAsync(Socket socket, TcpListener listener, byte[] buffer, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        [|socket.Connect(new IPEndPoint(IPAddress.Loopback, 80))|];
                        [|socket.Send(buffer, 0, 4, SocketFlags.None)|];
                        var addresses = [|Dns.GetHostAddresses("localhost")|];
                        using var client = [|listener.AcceptTcpClient()|];
                        return [|socket.Receive(buffer)|];
                    }

                    async Task RunAsync(Socket socket)
                    {
                        await Task.Yield();
                        var accepted = [|socket.Accept()|];
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    async Task<int> RunAsync(Socket socket, TcpListener listener, byte[] buffer, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 80), cancellationToken);
                        await socket.SendAsync(new System.Memory<byte>(buffer, 0, 4), SocketFlags.None, cancellationToken);
                        var addresses = await Dns.GetHostAddressesAsync("localhost", cancellationToken);
                        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                        return await socket.ReceiveAsync(buffer, cancellationToken);
                    }

                    async Task RunAsync(Socket socket)
                    {
                        await Task.Yield();
                        var accepted = await socket.AcceptAsync();
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task No_fix_when_the_async_variant_returns_something_else()
        => new SocketAnalyzerTest(new BlockingCallInAsyncCodeFix(), new BlockingCallInAsyncAnalyzer())
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                class Client
                {
                    async Task RunAsync(Socket socket, byte[] buffer)
                    {
                        await Task.Yield();
                        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                        var n = [|socket.ReceiveFrom(buffer, ref from)|];
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                class Client
                {
                    async Task RunAsync(Socket socket, byte[] buffer)
                    {
                        await Task.Yield();
                        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                        var n = [|socket.ReceiveFrom(buffer, ref from)|];
                    }
                }
                """,
        }.RunAsync();
}
