using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1002ListenWithoutBindTests
{
    [Fact]
    public Task Listen_on_a_new_socket_is_reported_naming_its_creation()
        => VerifyBodyAsync("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    {|#0:listener.Listen()|};
            """,
            Expected.Diagnostic("SG1002").WithLocation(0).WithMessage("'Listen' on 'listener', which has not been bound since 'new Socket(...)' on line 15"));

    [Fact]
    public Task Listen_without_bind_on_every_branch_is_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) { listener.NoDelay = true; } else { listener.Blocking = false; }
                    {|SG1002:listener.Listen(10)|};
            """);

    [Fact]
    public Task Listen_without_bind_in_a_loop_body_socket_is_reported_each_iteration()
        => VerifyBodyAsync("""
                    for (var i = 0; i < 2; i++)
                    {
                        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|SG1002:listener.Listen()|};
                    }
            """);

    [Fact]
    public Task Conditional_bind_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) { listener.Bind(Endpoint); }
                    listener.Listen();
            """);

    [Fact]
    public Task Bind_then_listen_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
            """);

    [Fact]
    public Task Bind_in_a_loop_that_may_not_run_is_not_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    while (Flag()) { listener.Bind(Endpoint); break; }
                    listener.Listen();
            """);

    [Fact]
    public Task Socket_bound_by_a_helper_is_unknown()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Keep(listener);
                    listener.Listen();
            """);

    [Fact]
    public Task Socket_wrapping_a_handle_is_unknown()
        => VerifyBodyAsync("""
                    var listener = new Socket(new SafeSocketHandle(IntPtr.Zero, ownsHandle: false));
                    listener.Listen();
            """);

    [Fact]
    public Task Socket_from_a_method_call_is_unknown()
        => VerifyBodyAsync("""
                    var listener = Create();
                    listener.Listen();
                    static Socket Create() => new Socket(SocketType.Stream, ProtocolType.Tcp);
            """);
}
