using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1003AcceptWithoutListenTests
{
    [Fact]
    public Task Accept_on_a_bound_socket_is_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    var connection = {|#0:listener.Accept()|};
            """,
            Expected.Diagnostic("SG1003").WithLocation(0).WithArguments("Accept", "listener", "'Bind' on line 16"));

    [Fact]
    public Task Every_accept_variant_is_reported()
        => VerifyAsyncBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    await {|SG1003:socket.AcceptAsync()|};
                    await {|SG1003:socket.AcceptAsync(cancellationToken)|};
                    {|SG1003:socket.BeginAccept(null, null)|};
                    {|SG1003:socket.AcceptAsync(new SocketAsyncEventArgs())|};
            """);

    [Fact]
    public Task Accept_tcp_client_before_start_is_reported()
        => VerifyAsyncBodyAsync("""
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    using var client = {|SG1003:listener.AcceptTcpClient()|};
                    using var other = await {|SG1003:listener.AcceptTcpClientAsync(cancellationToken)|};
                    using var socket = await {|SG1003:listener.AcceptSocketAsync()|};
            """);

    [Fact]
    public Task Accept_after_stop_is_reported()
        => VerifyBodyAsync("""
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    listener.Stop();
                    {|#0:listener.AcceptSocket()|};
            """,
            Expected.Diagnostic("SG1003").WithLocation(0).WithArguments("AcceptSocket", "listener", "'Stop' on line 17"));

    [Fact]
    public Task Accept_after_start_is_not_reported()
        => VerifyAsyncBodyAsync("""
                    var listener = TcpListener.Create(0);
                    listener.Start();
                    using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                    listener.Stop();
                    listener.Start();
                    using var socket = listener.AcceptSocket();
            """);

    [Fact]
    public Task Accept_when_listen_is_conditional_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    if (Flag()) listener.Listen();
                    listener.Accept();
            """);

    [Fact]
    public Task Listen_on_a_connected_socket_is_not_this_rule()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Listen();
            """);

    [Fact]
    public Task Accept_on_a_parameter_is_not_reported()
        => VerifyBodyAsync("""
                    using var connection = parameter.Accept();
            """);
}
