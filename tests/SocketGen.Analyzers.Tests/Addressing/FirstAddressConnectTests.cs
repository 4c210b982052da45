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
                    var addresses = Dns.GetHostAddresses({|#1:host|});
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
            // The host name rides along as an additional location: the fix connects by it.
            Expected.Diagnostic("SG2003").WithLocation(0).WithLocation(1).WithArguments("Socket.Connect", "addresses[0]"));

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
    public Task A_first_address_on_every_path_is_reported_whichever_path_wrote_it()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Connect(Socket socket, string host, int port, bool byEntry)
                {
                    IPAddress address;
                    if (byEntry)
                    {
                        address = Dns.GetHostEntry(host).AddressList[0];
                    }
                    else
                    {
                        address = Dns.GetHostAddresses(host)[0];
                    }

                    [|socket.Connect(address, port)|];
                }
            }
            """);

    [Fact]
    public Task A_first_address_captured_by_a_lambda_is_reported_inside_it_when_it_cannot_change_after_the_lambda_is_created()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Client
            {
                void Connect(Socket socket, string host, int port)
                {
                    var addresses = Dns.GetHostAddresses(host);
                    var target = IPAddress.Loopback;
                    target = addresses[0];
                    Task.Run(() => [|socket.Connect(target, port)|]);

                    var endPoint = new IPEndPoint(addresses[0], port);
                    Action connect = () => [|socket.Connect(endPoint)|];
                    connect();
                }
            }
            """);

    [Fact]
    public Task A_local_function_is_analysed_with_the_address_at_its_calls()
        => VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Connect(Socket socket, string host, int port)
                {
                    var target = IPAddress.Loopback;
                    void ConnectTarget() => [|socket.Connect(target, port)|];
                    target = Dns.GetHostAddresses(host)[0];
                    ConnectTarget();

                    var other = IPAddress.Loopback;
                    void ConnectOther() => socket.Connect(other, port);
                    ConnectOther();
                    other = Dns.GetHostAddresses(host)[0];
                    ConnectOther();
                }
            }
            """);

    [Fact]
    public Task An_address_that_can_change_after_the_lambda_is_created_is_not_reported_inside_it()
        => VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            class Client
            {
                void Connect(Socket socket, string host, int port, IPAddress configured)
                {
                    var addresses = Dns.GetHostAddresses(host);
                    var target = addresses[0];
                    Action connect = () => socket.Connect(target, port);
                    target = configured;
                    connect();

                    var endPoint = new IPEndPoint(addresses[0], port);
                    Action connectEndPoint = () => socket.Connect(endPoint);
                    endPoint.Address = configured;
                    connectEndPoint();

                    var shared = addresses[0];
                    Action change = () => shared = configured;
                    Action connectShared = () => socket.Connect(shared, port);
                    change();
                    connectShared();

                    var list = Dns.GetHostAddresses(host);
                    Action connectFirst = () => socket.Connect(list[0], port);
                    Array.Reverse(list);
                    connectFirst();
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
                        await Task.Run(() => [|socket.Connect(endPoint)|]);
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
                        await Task.Run(() => socket.Connect(host, 443));
                    }
                }
                """,
        }.RunAsync();
}
