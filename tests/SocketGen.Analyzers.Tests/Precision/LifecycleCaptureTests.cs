using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Precision;

/// <summary>
/// The lifecycle rules see through lambdas and local functions: a captured socket whose state cannot
/// change between the lambda's creation and its end is analysed in that state; a local function in the
/// state at its calls. Where the state can change, nothing is claimed.
/// </summary>
public class LifecycleCaptureTests
{
    private static string WithThrows(string body) => Class($$"""
            static void Throws(Action action) { try { action(); } catch (Exception) { } }

            void M(byte[] buffer)
            {
        {{body}}
            }
        """);

    [Fact]
    public Task A_misuse_inside_a_lambda_on_a_socket_whose_state_is_settled_is_reported()
        => VerifyAsync(WithThrows("""
                    using var listening = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listening.Bind(Endpoint);
                    listening.Listen();
                    Throws(() => {|SG1001:listening.Connect(Endpoint)|});
                    using var silent = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    silent.Bind(Endpoint);
                    silent.Listen();
                    Throws(() => {|SG1008:silent.Send(buffer)|});
                    var closed = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    closed.Dispose();
                    Throws(() => {|SG1004:closed.Bind(Endpoint)|});
            """));

    [Fact]
    public Task A_local_function_is_analysed_in_the_state_at_its_calls()
        => VerifyAsync(WithThrows("""
                    var listening = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listening.Bind(Endpoint);
                    listening.Listen();
                    void Connect() => {|SG1001:listening.Connect(Endpoint)|};
                    Connect();

                    var fresh = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    void Listen() => fresh.Listen();
                    Listen();
                    fresh.Bind(Endpoint);
                    Listen();
            """));

    [Fact]
    public Task A_socket_whose_state_changes_after_the_lambda_is_created_is_not_reported_inside_it()
        => VerifyAsync(WithThrows("""
                    var later = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Action listen = () => later.Listen();
                    later.Bind(Endpoint);
                    listen();

                    var shared = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Action bind = () => shared.Bind(Endpoint);
                    Action listenShared = () => shared.Listen();
                    bind();
                    listenShared();

                    var handedOn = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Action keep = () => Keep(handedOn);
                    Action listenHanded = () => handedOn.Listen();
            """));

    [Fact]
    public Task A_lambda_that_changes_a_socket_makes_it_unknown_to_the_method_around_it()
        => VerifyAsync(WithThrows("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Action bind = () => socket.Bind(Endpoint);
                    bind();
                    socket.Listen();

                    var listening = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listening.Bind(Endpoint);
                    listening.Listen();
                    Action close = () => listening.Dispose();
                    listening.Connect(Endpoint);
            """));
}
