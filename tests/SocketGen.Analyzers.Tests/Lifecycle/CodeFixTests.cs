using SocketGen.Analyzers.Lifecycle;
using SocketGen.CodeFixes.Lifecycle;
using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class CodeFixTests
{
    private static Task VerifyFixAsync(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fix, string source, string fixedSource, string? batchFixedSource = null)
        => new SocketAnalyzerTest(fix, new SocketLifecycleAnalyzer())
        {
            TestCode = source,
            FixedCode = fixedSource,
            BatchFixedCode = batchFixedSource!,
        }.RunAsync();

    [Fact]
    public Task SG1002_inserts_a_bind_placeholder_before_each_listen()
        => VerifyFixAsync(
            new ListenWithoutBindCodeFix(),
            Body("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    {|SG1002:listener.Listen()|};
                    var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                    {|SG1002:v6.Listen(10)|};
            """),
            Body("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Any, 0));
                    listener.Listen();
                    var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                    v6.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
                    v6.Listen(10);
            """));

    [Fact]
    public Task SG1002_leaves_the_listens_comments_on_the_listen()
        => VerifyFixAsync(
            new ListenWithoutBindCodeFix(),
            Body("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    // start serving
                    {|SG1002:listener.Listen()|}; // backlog: the system's
            """),
            Body("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Any, 0));
                    // start serving
                    listener.Listen(); // backlog: the system's
            """));

    [Fact]
    public Task SG1008_uses_the_accepted_socket_in_scope()
        => VerifyFixAsync(
            new UseAcceptedSocketCodeFix(),
            Body("""
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = listener.Accept();
                    {|SG1008:listener.Send(buffer)|};
                    {|SG1008:listener.Receive(buffer)|};
            """),
            Body("""
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = listener.Accept();
                    connection.Send(buffer);
                    connection.Receive(buffer);
            """));

    [Fact]
    public Task SG1001_uses_the_accepted_socket_in_scope()
        => VerifyFixAsync(
            new UseAcceptedSocketCodeFix(),
            AsyncBody("""
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    var peer = await listener.AcceptAsync(cancellationToken);
                    await {|SG1001:listener.ConnectAsync(Endpoint, cancellationToken)|};
            """),
            AsyncBody("""
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    var peer = await listener.AcceptAsync(cancellationToken);
                    await {|SG1007:peer.ConnectAsync(Endpoint, cancellationToken)|};
            """));

    [Fact]
    public Task SG1008_has_no_fix_without_an_accepted_socket_in_scope()
        => VerifyFixAsync(
            new UseAcceptedSocketCodeFix(),
            Body("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    if (Flag())
                    {
                        var inner = listener.Accept();
                        inner.Dispose();
                    }

                    {|SG1008:listener.Send(buffer)|};
            """),
            Body("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    if (Flag())
                    {
                        var inner = listener.Accept();
                        inner.Dispose();
                    }

                    {|SG1008:listener.Send(buffer)|};
            """));

    [Fact]
    public Task SG1004_is_not_moved_above_a_declaration_it_reads()
        => VerifyFixAsync(
            new MoveBeforeCloseCodeFix(),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Dispose();
                    var count = buffer.Length;
                    {|SG1004:socket.Send(buffer, count, SocketFlags.None)|};
            """),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Dispose();
                    var count = buffer.Length;
                    {|SG1004:socket.Send(buffer, count, SocketFlags.None)|};
            """));

    [Fact]
    public Task SG1004_is_not_moved_across_a_return()
        => VerifyFixAsync(
            new MoveBeforeCloseCodeFix(),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Dispose();
                    if (Flag()) return;
                    {|SG1004:socket.Send(buffer)|};
            """),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Dispose();
                    if (Flag()) return;
                    {|SG1004:socket.Send(buffer)|};
            """));

    [Fact]
    public Task SG1004_fix_all_moves_every_use()
        => VerifyFixAsync(
            new MoveBeforeCloseCodeFix(),
            Body("""
                    var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    first.Connect(Endpoint);
                    first.Close();
                    {|SG1004:first.Send(buffer)|};
                    var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    second.Connect(Endpoint);
                    second.Dispose();
                    {|SG1004:second.Receive(buffer)|};
            """),
            Body("""
                    var first = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    first.Connect(Endpoint);
                    first.Send(buffer);
                    first.Close();
                    var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    second.Connect(Endpoint);
                    second.Receive(buffer);
                    second.Dispose();
            """));

    [Fact]
    public Task SG1004_moves_independent_uses_before_the_close()
        => VerifyFixAsync(
            new MoveBeforeCloseCodeFix(),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Close();
                    Console.WriteLine("closed");
                    {|SG1004:socket.Shutdown(SocketShutdown.Both)|};
            """),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                    Console.WriteLine("closed");
            """));

    [Fact]
    public Task SG1004_moves_a_use_into_the_using_block()
        => VerifyFixAsync(
            new MoveBeforeCloseCodeFix(),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using (socket)
                    {
                        socket.Connect(Endpoint);
                    }

                    {|SG1004:socket.Send(buffer)|};
            """),
            Body("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using (socket)
                    {
                        socket.Connect(Endpoint);
                        socket.Send(buffer);
                    }
            """));
}
