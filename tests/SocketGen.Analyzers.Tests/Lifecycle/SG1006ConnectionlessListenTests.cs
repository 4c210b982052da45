using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1006ConnectionlessListenTests
{
    [Fact]
    public Task Listen_on_a_datagram_socket_is_reported()
        => VerifyBodyAsync("""
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Bind(Endpoint);
                    {|#0:udp.Listen()|};
            """,
            Expected.Diagnostic("SG1006").WithLocation(0).WithArguments("Listen", "udp", "'new Socket(...)' on line 15"));

    [Fact]
    public Task Accept_on_a_datagram_socket_is_reported_even_without_bind()
        => VerifyAsyncBodyAsync("""
                    var udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    {|SG1006:udp.Listen()|};
                    await {|SG1006:udp.AcceptAsync()|};
            """);

    [Fact]
    public Task Stream_sockets_and_unknown_types_are_not_reported()
        => VerifyBodyAsync("""
                    var type = Flag() ? SocketType.Dgram : SocketType.Stream;
                    var socket = new Socket(type, ProtocolType.Unspecified);
                    socket.Bind(Endpoint);
                    socket.Listen();
            """);

    [Fact]
    public Task Datagram_on_one_path_only_is_not_reported()
        => VerifyBodyAsync("""
                    Socket socket;
                    if (Flag()) socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    else socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(Endpoint);
                    socket.Listen();
            """);
}
