using SocketGen.Analyzers.Addressing;
using SocketGen.CodeFixes.Addressing;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Addressing;

public class FirstAddressConnectTests
{
    private static Task VerifyAsync(string code, params DiagnosticResult[] expected)
    {
        var test = new SocketAnalyzerTest(new FirstAddressConnectAnalyzer()) { TestCode = code };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Connect_to_the_first_resolved_address_is_reported_on_the_connect_call()
        => VerifyAsync("""
            using System.Linq;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                async Task ConnectAsync(Socket socket, TcpClient client, string host, int port)
                {
                    var addresses = Dns.GetHostAddresses(host);
                    {|#0:socket.Connect(addresses[0], port)|};

                    IPAddress first = (await Dns.GetHostAddressesAsync(host)).First();
                    var endPoint = new IPEndPoint(first, port);
                    await [|socket.ConnectAsync(endPoint)|];

                    var entry = Dns.GetHostEntry(host);
                    [|client.Connect(entry.AddressList[0], port)|];
                    [|socket.Connect(new IPEndPoint(Dns.GetHostEntry(host).AddressList.FirstOrDefault()!, port))|];
                }
            }
            """,
            Expected.Diagnostic("SG2003").WithLocation(0).WithArguments("Socket.Connect", "addresses[0]"));

    [Fact]
    public Task Loops_over_addresses_host_names_literals_and_filters_are_not_reported()
        => VerifyAsync("""
            using System.Linq;
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Connect(Socket socket, string host, int port, IPAddress configured, bool preferLast)
                {
                    socket.Connect(host, port);
                    socket.Connect(Dns.GetHostAddresses(host), port);
                    foreach (var address in Dns.GetHostAddresses(host))
                    {
                        socket.Connect(address, port);
                    }

                    socket.Connect(Dns.GetHostAddresses("127.0.0.1")[0], port);
                    socket.Connect(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
                    socket.Connect(configured, port);

                    var addresses = Dns.GetHostAddresses(host);
                    var chosen = addresses[0];
                    if (preferLast)
                    {
                        chosen = addresses[addresses.Length - 1];
                    }

                    socket.Connect(chosen, port);
                }
            }
            """);

    [Fact]
    public Task Fix_connects_by_host_name()
        => new SocketAnalyzerTest(new FirstAddressConnectCodeFix(), new FirstAddressConnectAnalyzer())
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    async Task ConnectAsync(Socket socket, TcpClient client, string host, CancellationToken cancellationToken)
                    {
                        var addresses = Dns.GetHostAddresses(host);
                        [|socket.Connect(addresses[0], 80)|];
                        var endPoint = new IPEndPoint(Dns.GetHostEntry(host).AddressList[0], 443);
                        await [|socket.ConnectAsync(endPoint, cancellationToken)|];
                        await [|client.ConnectAsync(addresses[0], 8080, cancellationToken)|];
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
                    async Task ConnectAsync(Socket socket, TcpClient client, string host, CancellationToken cancellationToken)
                    {
                        var addresses = Dns.GetHostAddresses(host);
                        socket.Connect(host, 80);
                        var endPoint = new IPEndPoint(Dns.GetHostEntry(host).AddressList[0], 443);
                        await socket.ConnectAsync(host, 443, cancellationToken);
                        await client.ConnectAsync(host, 8080, cancellationToken);
                    }
                }
                """,
        }.RunAsync();
}
