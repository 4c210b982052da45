using Microsoft.CodeAnalysis;
using SocketGen.Analyzers.SocketConstruction;
using SocketGen.CodeFixes.SocketConstruction;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.SocketConstruction;

public class SocketTypeProtocolTests
{
    private static Task VerifyAsync(string code, params DiagnosticResult[] expected)
    {
        var test = new SocketAnalyzerTest(new SocketTypeProtocolAnalyzer()) { TestCode = code };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Combinations_that_cannot_work_are_errors_on_the_creation()
        => VerifyAsync("""
            using System.Net.Sockets;

            class Factory
            {
                void Create()
                {
                    var a = {|#0:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Udp)|};
                    var b = [|new Socket(SocketType.Dgram, ProtocolType.Tcp)|];
                    var c = [|new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Tcp)|];
                    Socket d = [|new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Udp)|];
                }
            }
            """,
            Expected.Diagnostic("SG2004").WithLocation(0).WithSeverity(DiagnosticSeverity.Error)
                .WithArguments("SocketType.Stream", "ProtocolType.Udp"));

    [Fact]
    public Task Combinations_that_work_or_are_not_constant_are_not_reported()
        => VerifyAsync("""
            using System.Net.Sockets;

            class Factory
            {
                Socket Create(SocketType type, ProtocolType protocol)
                {
                    _ = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _ = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
                    _ = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    _ = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _ = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
                    return new Socket(AddressFamily.InterNetwork, type, protocol);
                }
            }
            """);

    [Fact]
    public Task Fix_uses_unspecified_protocol()
        => new SocketAnalyzerTest(new SocketTypeProtocolCodeFix(), new SocketTypeProtocolAnalyzer())
        {
            TestCode = """
                using System.Net.Sockets;

                class Factory
                {
                    void Create()
                    {
                        var a = [|new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Udp)|];
                        var b = [|new Socket(AddressFamily.Unix, SocketType.Stream, protocolType: ProtocolType.Tcp)|];
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                class Factory
                {
                    void Create()
                    {
                        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
                        var b = new Socket(AddressFamily.Unix, SocketType.Stream, protocolType: ProtocolType.Unspecified);
                    }
                }
                """,
        }.RunAsync();
}

public class ListenBacklogTests
{
    [Fact]
    public Task Small_literal_backlogs_are_reported()
    {
        var test = new SocketAnalyzerTest(new ListenBacklogAnalyzer())
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket, TcpListener listener)
                    {
                        {|#0:socket.Listen(5)|};
                        [|listener.Start(10)|];
                        [|socket.Listen(0)|];
                        while (true)
                        {
                            socket.Accept().Dispose();
                            listener.AcceptSocket().Dispose();
                        }
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Expected.Diagnostic("SG2005").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("5", "Listen()"));
        return test.RunAsync();
    }

    [Fact]
    public Task Large_configured_or_default_backlogs_are_not_reported()
        => new SocketAnalyzerTest(new ListenBacklogAnalyzer())
        {
            TestCode = """
                using System.Net.Sockets;

                class Server
                {
                    const int Backlog = 4;

                    void Start(Socket socket, TcpListener listener, int configured)
                    {
                        socket.Listen();
                        socket.Listen(128);
                        socket.Listen(16);
                        socket.Listen(configured);
                        socket.Listen(Backlog);
                        listener.Start();
                        listener.Start(512);
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Fix_uses_the_parameterless_overload()
        => new SocketAnalyzerTest(new ListenBacklogCodeFix(), new ListenBacklogAnalyzer())
        {
            TestCode = """
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket, TcpListener listener)
                    {
                        [|socket.Listen(5)|];
                        [|listener.Start(1)|];
                        for (;;)
                        {
                            socket.Accept().Dispose();
                            listener.AcceptSocket().Dispose();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket, TcpListener listener)
                    {
                        socket.Listen();
                        listener.Start();
                        for (;;)
                        {
                            socket.Accept().Dispose();
                            listener.AcceptSocket().Dispose();
                        }
                    }
                }
                """,
        }.RunAsync();
}
