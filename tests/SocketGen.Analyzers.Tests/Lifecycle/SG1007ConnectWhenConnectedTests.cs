using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1007ConnectWhenConnectedTests
{
    [Fact]
    public Task Second_connect_is_reported()
        => VerifyAsyncBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(Endpoint, cancellationToken);
                    await {|#0:socket.ConnectAsync(Endpoint, cancellationToken)|};
            """,
            Expected.Diagnostic("SG1007").WithLocation(0).WithArguments("ConnectAsync", "socket", "'ConnectAsync' on line 16"));

    [Fact]
    public Task Connect_on_an_accepted_socket_is_reported()
        => VerifyAsyncBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                    {|#0:connection.Connect(Endpoint)|};
            """,
            Expected.Diagnostic("SG1007").WithLocation(0).WithArguments("Connect", "connection", "'AcceptAsync' on line 18"));

    [Fact]
    public Task TcpClient_connect_twice_and_host_constructor_are_reported()
        => VerifyBodyAsync("""
                    var client = new TcpClient("localhost", 80);
                    {|SG1007:client.Connect(Endpoint)|};
                    using var accepted = new TcpListener(Endpoint);
                    accepted.Start();
                    var peer = accepted.AcceptTcpClient();
                    {|SG1007:peer.Connect(Endpoint)|};
            """);

    [Fact]
    public Task Datagram_sockets_may_connect_again()
        => VerifyBodyAsync("""
                    var udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    udp.Connect(Endpoint);
                    udp.Connect(Endpoint);
                    var client = new UdpClient("localhost", 53);
                    client.Connect(Endpoint);
            """);

    [Fact]
    public Task Connect_retry_after_failure_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        socket.Connect(Endpoint);
                    }
                    catch (SocketException)
                    {
                        socket.Connect(Endpoint);
                    }
            """);

    [Fact]
    public Task Connect_after_disconnect_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Disconnect(reuseSocket: true);
                    socket.Connect(Endpoint);
            """);
}
