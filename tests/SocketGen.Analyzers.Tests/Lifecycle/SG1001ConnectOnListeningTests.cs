using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1001ConnectOnListeningTests
{
    [Fact]
    public Task Connect_after_listen_is_reported_with_variable_and_earlier_call()
        => VerifyBodyAsync("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    {|#0:listener.Connect(Endpoint)|};
            """,
            Expected.Diagnostic("SG1001").WithLocation(0).WithMessage("'Connect' on 'listener', which is listening since 'Listen' on line 17; a listening socket only accepts"));

    [Fact]
    public Task Every_connect_variant_is_reported()
        => VerifyAsyncBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen(100);
                    await {|SG1001:listener.ConnectAsync(Endpoint)|};
                    await {|SG1001:listener.ConnectAsync(Endpoint, cancellationToken)|};
                    {|SG1001:listener.BeginConnect(Endpoint, null, null)|};
                    {|SG1001:listener.ConnectAsync(new SocketAsyncEventArgs())|};
                    {|SG1001:listener.Connect("localhost", 80)|};
            """);

    [Fact]
    public Task Connect_after_listen_on_both_branches_is_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    if (Flag())
                    {
                        listener.Listen();
                    }
                    else
                    {
                        listener.Listen(5);
                    }

                    {|#0:listener.Connect(Endpoint)|};
            """,
            Expected.Diagnostic("SG1001").WithLocation(0).WithArguments("Connect", "listener", "earlier calls"));

    [Fact]
    public Task Connect_in_a_loop_after_listen_is_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    for (var i = 0; i < 3; i++)
                    {
                        {|SG1001:listener.Connect(Endpoint)|};
                    }
            """);

    [Fact]
    public Task Connect_when_only_one_path_listens_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag())
                    {
                        socket.Bind(Endpoint);
                        socket.Listen();
                        return;
                    }

                    socket.Connect(Endpoint);
            """);

    [Fact]
    public Task Conditional_listen_then_connect_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(Endpoint);
                    if (Flag()) { socket.Listen(); }
                    socket.Connect(Endpoint);
            """);

    [Fact]
    public Task Escaped_socket_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    Keep(listener);
                    listener.Connect(Endpoint);
            """);

    [Fact]
    public Task Parameters_and_fields_are_unknown()
        => VerifyBodyAsync("""
                    parameter.Listen();
                    parameter.Connect(Endpoint);
                    _field.Listen();
                    _field.Connect(Endpoint);
            """);

    [Fact]
    public Task Reassignment_starts_a_new_socket()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(Endpoint);
                    socket.Listen();
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
            """);

    [Fact]
    public Task Socket_captured_by_a_lambda_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    Action close = () => listener.Dispose();
                    listener.Connect(Endpoint);
            """);
}
