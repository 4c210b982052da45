using SocketGen.Analyzers.Receive;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Precision;

/// <summary>SG2001 reports an ignored count only when the bytes received are read afterwards.</summary>
public class PartialReceivePrecisionTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new PartialReceiveAnalyzer()) { TestCode = code }.RunAsync();

    [Fact]
    public Task A_receive_into_a_discarded_buffer_is_not_reported_and_one_whose_buffer_is_read_is()
        => VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                byte[] _header = new byte[8];

                async Task<int> RunAsync(Socket socket, byte[] caller)
                {
                    _ = socket.Receive(new byte[0]);
                    socket.Receive(new byte[16]);
                    var scratch = new byte[16];
                    socket.Receive(scratch);
                    await socket.ReceiveAsync(new byte[4], SocketFlags.None);
                    Span<byte> wait = stackalloc byte[4];
                    socket.Receive(wait);

                    var header = new byte[8];
                    [|socket.Receive(header)|];
                    var kept = header[0];
                    [|socket.Receive(caller)|];
                    [|socket.Receive(_header)|];
                    var loop = new byte[8];
                    for (var i = 0; i < 2; i++)
                    {
                        Console.WriteLine(loop[0]);
                        [|socket.Receive(loop)|];
                    }

                    return kept;
                }
            }
            """);

    [Fact]
    public Task Datagram_sockets_captured_by_lambdas_or_held_in_readonly_fields_and_one_byte_receives_are_not_reported()
        => VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                static readonly byte[] s_one = new byte[1];
                readonly Socket _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

                int Run(Socket tcp, byte[] buffer)
                {
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    Func<int> read = () => { udp.Receive(buffer); return buffer[0]; };
                    int Local() { udp.Receive(buffer); return buffer[0]; }
                    _udp.Receive(buffer);
                    tcp.Receive(s_one);
                    tcp.Receive(new ArraySegment<byte>(buffer, 3, 1), SocketFlags.None);
                    tcp.Receive(buffer.AsSpan(2, 1));
                    tcp.Receive(buffer, 0, 1, SocketFlags.None);
                    Func<int> stream = () => { [|tcp.Receive(buffer)|]; return buffer[0]; };
                    return read() + Local() + stream() + buffer[1];
                }
            }
            """);
}
