using SocketGen.Analyzers.Receive;
using SocketGen.CodeFixes.Receive;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Receive;

public class PartialReceiveTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new PartialReceiveAnalyzer()) { TestCode = code }.RunAsync();

    [Fact]
    public Task Receive_as_a_statement_is_reported()
        => VerifyAsync("""
            using System.Net.Sockets;

            class Client
            {
                byte[] ReadHeader(Socket socket)
                {
                    var header = new byte[8];
                    {|SG2001:socket.Receive(header)|};
                    return header;
                }
            }
            """);

    [Fact]
    public Task Awaited_receive_whose_count_is_discarded_is_reported()
        => VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Client
            {
                async Task<byte[]> ReadAsync(Socket socket, CancellationToken cancellationToken)
                {
                    var header = new byte[8];
                    await {|SG2001:socket.ReceiveAsync(header.AsMemory(), SocketFlags.None, cancellationToken)|}.ConfigureAwait(false);
                    _ = await {|SG2001:socket.ReceiveAsync(header, cancellationToken)|};
                    return header;
                }
            }
            """);

    [Fact]
    public Task Count_stored_and_never_read_is_reported()
        => VerifyAsync("""
            using System.Net.Sockets;

            class Client
            {
                byte[] Read(Socket socket)
                {
                    var buffer = new byte[64];
                    int received = {|SG2001:socket.Receive(buffer, 0, 64, SocketFlags.None)|};
                    return buffer;
                }
            }
            """);

    [Fact]
    public Task Buffer_decoded_whole_after_only_an_end_of_stream_check_is_reported()
        => VerifyAsync("""
            using System.Net.Sockets;
            using System.Text;

            class Client
            {
                string ReadLine(Socket socket)
                {
                    var buffer = new byte[256];
                    int n = {|SG2001:socket.Receive(buffer)|};
                    if (n == 0)
                    {
                        return string.Empty;
                    }

                    return Encoding.UTF8.GetString(buffer);
                }
            }
            """);

    [Fact]
    public Task Buffer_used_whole_on_every_branch_is_reported()
        => VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                async Task<int> ReadAsync(Socket socket, bool verbose)
                {
                    var buffer = new byte[4];
                    var n = await {|SG2001:socket.ReceiveAsync(buffer, SocketFlags.None)|};
                    if (verbose)
                    {
                        Console.WriteLine(Convert.ToHexString(buffer));
                    }
                    else
                    {
                        Console.WriteLine(BitConverter.ToString(buffer));
                    }

                    return 0;
                }
            }
            """);

    [Fact]
    public Task Count_used_to_slice_the_buffer_is_not_reported()
        => VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Text;

            class Client
            {
                string Read(Socket socket)
                {
                    var buffer = new byte[256];
                    int n = socket.Receive(buffer);
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }

                string ReadSpan(Socket socket)
                {
                    Span<byte> buffer = stackalloc byte[256];
                    var n = socket.Receive(buffer);
                    return Encoding.UTF8.GetString(buffer[..n]);
                }
            }
            """);

    [Fact]
    public Task Correct_receive_loop_is_not_reported()
        => VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Client
            {
                static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
                {
                    var received = 0;
                    while (received < buffer.Length)
                    {
                        var n = await socket.ReceiveAsync(buffer[received..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
                        if (n == 0)
                        {
                            throw new EndOfStreamException();
                        }

                        received += n;
                    }
                }

                static int Header(Socket socket)
                {
                    var header = new byte[4];
                    var total = 0;
                    while (total < header.Length)
                    {
                        total += socket.Receive(header, total, header.Length - total, SocketFlags.None);
                    }

                    return BitConverter.ToInt32(header);
                }
            }
            """);

    [Fact]
    public Task Count_checked_against_the_length_before_the_whole_use_is_not_reported()
        => VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;

            class Client
            {
                int Read(Socket socket)
                {
                    var header = new byte[4];
                    var n = socket.Receive(header);
                    if (n < header.Length)
                    {
                        throw new EndOfStreamException();
                    }

                    return BitConverter.ToInt32(header);
                }
            }
            """);

    [Fact]
    public Task Datagram_socket_single_byte_send_and_stream_read_are_not_reported()
        => VerifyAsync("""
            using System.Net.Sockets;

            class Client
            {
                void Run(NetworkStream stream, byte[] data)
                {
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Receive(data);
                    var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    tcp.Send(data);
                    var one = new byte[1];
                    tcp.Receive(one);
                    stream.Read(data, 0, data.Length);
                    var args = new SocketAsyncEventArgs();
                    tcp.ReceiveAsync(args);
                }
            }
            """);

    [Fact]
    public Task Buffer_replaced_before_the_whole_use_is_not_reported()
        => VerifyAsync("""
            using System.Net.Sockets;
            using System.Text;

            class Client
            {
                string Read(Socket socket)
                {
                    var buffer = new byte[16];
                    var n = socket.Receive(buffer);
                    if (n == 0)
                    {
                        return string.Empty;
                    }

                    buffer = Encoding.UTF8.GetBytes("fallback");
                    return Encoding.UTF8.GetString(buffer);
                }
            }
            """);

    [Fact]
    public Task Fix_turns_ignored_receives_into_receive_loops()
        => new SocketAnalyzerTest(new PartialReceiveCodeFix(), new PartialReceiveAnalyzer())
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    void Read(Socket socket, byte[] header, byte[] body, int size)
                    {
                        {|SG2001:socket.Receive(header)|};
                        {|SG2001:socket.Receive(body, 0, size, SocketFlags.None)|};
                    }

                    async Task ReadAsync(Socket socket, byte[] header, CancellationToken cancellationToken)
                    {
                        await {|SG2001:socket.ReceiveAsync(header, SocketFlags.None, cancellationToken)|};
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    void Read(Socket socket, byte[] header, byte[] body, int size)
                    {
                        var headerReceived = 0;
                        while (headerReceived < header.Length)
                        {
                            var count = socket.Receive(header.AsSpan(headerReceived));
                            if (count == 0)
                            {
                                break; // the peer closed: the first headerReceived bytes are what arrived
                            }

                            headerReceived += count;
                        }
                        var bodyReceived = 0;
                        while (bodyReceived < size)
                        {
                            var count = socket.Receive(body, 0 + bodyReceived, size - bodyReceived, SocketFlags.None);
                            if (count == 0)
                            {
                                break; // the peer closed: the first bodyReceived bytes are what arrived
                            }

                            bodyReceived += count;
                        }
                    }

                    async Task ReadAsync(Socket socket, byte[] header, CancellationToken cancellationToken)
                    {
                        var headerReceived = 0;
                        while (headerReceived < header.Length)
                        {
                            var count = await socket.ReceiveAsync(header.AsMemory(headerReceived), SocketFlags.None, cancellationToken);
                            if (count == 0)
                            {
                                break; // the peer closed: the first headerReceived bytes are what arrived
                            }

                            headerReceived += count;
                        }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Fix_numbers_the_counts_of_receives_into_the_same_buffer_so_fix_all_declares_each_once()
        => new SocketAnalyzerTest(new PartialReceiveCodeFix(), new PartialReceiveAnalyzer())
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                class Client
                {
                    void Read(Socket socket, byte[] buffer)
                    {
                        {|SG2001:socket.Receive(buffer)|};
                        {|SG2001:socket.Receive(buffer)|};
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;

                class Client
                {
                    void Read(Socket socket, byte[] buffer)
                    {
                        var bufferReceived = 0;
                        while (bufferReceived < buffer.Length)
                        {
                            var count = socket.Receive(buffer.AsSpan(bufferReceived));
                            if (count == 0)
                            {
                                break; // the peer closed: the first bufferReceived bytes are what arrived
                            }

                            bufferReceived += count;
                        }
                        var bufferReceived2 = 0;
                        while (bufferReceived2 < buffer.Length)
                        {
                            var count = socket.Receive(buffer.AsSpan(bufferReceived2));
                            if (count == 0)
                            {
                                break; // the peer closed: the first bufferReceived2 bytes are what arrived
                            }

                            bufferReceived2 += count;
                        }
                    }
                }
                """,
        }.RunAsync();

    private const string ReadOnceClient = """
        using System;
        using System.Net.Sockets;

        public static class Client
        {
            public static void Read(Socket socket, byte[] buffer)
            {
                {|SG2001:socket.Receive(buffer)|};
            }
        }
        """;

    private const string ReadOnceClientFixed = """
        using System;
        using System.Net.Sockets;

        public static class Client
        {
            public static void Read(Socket socket, byte[] buffer)
            {
                var bufferReceived = 0;
                while (bufferReceived < buffer.Length)
                {
                    var count = socket.Receive(buffer.AsSpan(bufferReceived));
                    if (count == 0)
                    {
                        break; // the peer closed: the first bufferReceived bytes are what arrived
                    }

                    bufferReceived += count;
                }
            }
        }
        """;

    [Fact]
    public async Task Fixed_client_keeps_working_when_the_peer_sends_less_than_the_buffer_and_closes()
    {
        // The fix's output, verified by the framework, is the code run below.
        await new SocketAnalyzerTest(new PartialReceiveCodeFix(), new PartialReceiveAnalyzer()) { TestCode = ReadOnceClient, FixedCode = ReadOnceClientFixed }.RunAsync();
        var read = CompileRead(ReadOnceClientFixed);

        // A real loopback peer sends 7 bytes in two pieces and closes; the client's buffer holds 100.
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var peer = await listener.AcceptAsync();
        byte[] sent = [1, 2, 3, 4, 5, 6, 7];
        var peerTask = Task.Run(async () =>
        {
            await peer.SendAsync(sent.AsMemory(0, 3));
            await Task.Delay(50);
            await peer.SendAsync(sent.AsMemory(3));
            peer.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });

        var buffer = new byte[100];
        client.ReceiveTimeout = 60_000; // a hang fails the test instead of stalling the run
        read(client, buffer); // the previous fix threw EndOfStreamException here
        await peerTask;

        Assert.Equal(sent, buffer[..7]);
        Assert.All(buffer[7..], b => Assert.Equal(0, b));
    }

    private static Action<System.Net.Sockets.Socket, byte[]> CompileRead(string source)
    {
        var compilation = SocketGen.Testing.Compilation.TestCompilation.Create([source], assemblyName: "FixedClient" + Guid.NewGuid().ToString("N"));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("FixedClient", isCollectible: true);
        image.Position = 0;
        var method = context.LoadFromStream(image).GetType("Client")!.GetMethod("Read")!;
        return (socket, buffer) =>
        {
            try
            {
                method.Invoke(null, [socket, buffer]);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        };
    }
}
