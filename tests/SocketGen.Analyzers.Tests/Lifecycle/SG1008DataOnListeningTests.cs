using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1008DataOnListeningTests
{
    [Fact]
    public Task Send_on_the_listener_is_reported()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    {|#0:listener.Send(buffer)|};
            """,
            Expected.Diagnostic("SG1008").WithLocation(0).WithMessage("'Send' on 'listener', which is listening since 'Listen' on line 17; send and receive on the socket Accept returns"));

    [Fact]
    public Task The_message_names_the_listen_even_after_a_failed_connect_on_the_listener()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    try { {|SG1001:listener.Connect(Endpoint)|}; } catch (InvalidOperationException) { }
                    {|#0:listener.Send(buffer)|};
            """,
            Expected.Diagnostic("SG1008").WithLocation(0).WithMessage("'Send' on 'listener', which is listening since 'Listen' on line 17; send and receive on the socket Accept returns"));

    [Fact]
    public Task Every_send_and_receive_variant_is_reported()
        => VerifyAsyncBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    await {|SG1008:listener.SendAsync(buffer, SocketFlags.None)|};
                    await {|SG1008:listener.ReceiveAsync(buffer.AsMemory(), cancellationToken)|};
                    {|SG1008:listener.Receive(buffer)|};
                    {|SG1008:listener.SendTo(buffer, Endpoint)|};
                    {|SG1008:listener.BeginReceive(buffer, 0, buffer.Length, SocketFlags.None, null, null)|};
                    {|SG1008:listener.ReceiveAsync(new SocketAsyncEventArgs())|};
            """);

    [Fact]
    public Task Send_on_the_accepted_socket_is_not_reported()
        => VerifyBodyAsync("""
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = listener.Accept();
                    connection.Send(buffer);
                    connection.Receive(buffer);
            """);

    [Fact]
    public Task Send_when_listening_on_one_path_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) { socket.Bind(Endpoint); socket.Listen(); } else { socket.Connect(Endpoint); }
                    socket.Send(buffer);
            """);

    [Fact]
    public Task Shutdown_on_a_listener_is_not_this_rule()
        => VerifyBodyAsync("""
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    listener.Shutdown(SocketShutdown.Both);
            """);
}
