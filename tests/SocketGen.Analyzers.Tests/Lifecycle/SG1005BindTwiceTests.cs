using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1005BindTwiceTests
{
    [Fact]
    public Task Second_bind_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(Endpoint);
                    {|#0:socket.Bind(Endpoint)|};
            """,
            Expected.Diagnostic("SG1005").WithLocation(0).WithArguments("Bind", "socket", "'Bind' on line 16"));

    [Fact]
    public Task Bind_after_connect_or_listen_is_reported()
        => VerifyBodyAsync("""
                    var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    client.Connect(Endpoint);
                    {|SG1005:client.Bind(Endpoint)|};
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    {|SG1005:listener.Bind(Endpoint)|};
                    var udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
                    udp.Connect(Endpoint);
                    {|SG1005:udp.Bind(Endpoint)|};
            """);

    [Fact]
    public Task Bind_in_a_loop_is_reported_on_the_second_iteration_path()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(Endpoint);
                    while (Flag())
                    {
                        {|SG1005:socket.Bind(Endpoint)|};
                    }
            """);

    [Fact]
    public Task Bind_on_one_of_two_paths_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) socket.Bind(Endpoint);
                    socket.Bind(Endpoint);
            """);

    [Fact]
    public Task Bind_per_new_socket_in_a_loop_is_not_reported()
        => VerifyBodyAsync("""
                    for (var i = 0; i < 3; i++)
                    {
                        var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
                        socket.Bind(Endpoint);
                        socket.Dispose();
                    }
            """);
}
