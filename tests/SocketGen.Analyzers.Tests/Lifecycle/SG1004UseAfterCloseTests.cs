using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

public class SG1004UseAfterCloseTests
{
    [Fact]
    public Task Send_after_dispose_is_reported_naming_the_dispose()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    {|#1:socket.Dispose()|};
                    {|#0:socket.Send(buffer)|};
            """,
            Expected.Diagnostic("SG1004").WithLocation(0).WithLocation(1).WithMessage("'Send' on 'socket', which was closed by 'Dispose' on line 17"));

    [Fact]
    public Task Any_member_after_close_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Close();
                    {|SG1004:socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true)|};
                    _ = {|SG1004:socket.Available|};
                    {|SG1004:socket.Shutdown(SocketShutdown.Both)|};
                    {|SG1004:socket.Connect(Endpoint)|};
                    {|SG1004:socket.Bind(Endpoint)|};
                    _ = socket.Connected;
                    _ = socket.ToString();
                    socket.Dispose();
            """);

    [Fact]
    public Task Use_after_a_using_block_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using ({|#1:socket|})
                    {
                        socket.Connect(Endpoint);
                    }

                    {|#0:socket.Send(buffer)|};
            """,
            Expected.Diagnostic("SG1004").WithLocation(0).WithLocation(1).WithArguments("Send", "socket", "the end of its using block on line 19"));

    [Fact]
    public Task Use_after_dispose_on_every_branch_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) socket.Close(); else socket.Dispose();
                    {|SG1004:socket.Receive(buffer)|};
            """);

    [Fact]
    public Task Use_after_dispose_in_finally_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        socket.Connect(Endpoint);
                    }
                    finally
                    {
                        socket.Dispose();
                    }

                    {|SG1004:socket.Send(buffer)|};
            """);

    [Fact]
    public Task TcpClient_and_UdpClient_after_close_are_reported()
        => VerifyBodyAsync("""
                    var client = new TcpClient();
                    client.Connect(Endpoint);
                    client.Close();
                    {|SG1004:client.GetStream()|};
                    var udp = new UdpClient(0);
                    udp.Dispose();
                    {|SG1004:udp.Send(buffer, buffer.Length, Endpoint)|};
            """);

    [Fact]
    public Task Dispose_twice_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Dispose();
                    socket.Close();
                    socket.Dispose();
            """);

    [Fact]
    public Task Use_after_dispose_on_one_path_only_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (Flag()) socket.Dispose();
                    socket.Connect(Endpoint);
            """);

    [Fact]
    public Task Use_inside_the_using_declaration_scope_is_not_reported()
        => VerifyBodyAsync("""
                    using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Send(buffer);
            """);

    [Fact]
    public Task Reassigned_after_dispose_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Dispose();
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
            """);

    [Fact]
    public Task Dispose_in_catch_then_use_is_not_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        socket.Connect(Endpoint);
                    }
                    catch (SocketException)
                    {
                        socket.Dispose();
                        throw;
                    }

                    socket.Send(buffer);
            """);

    [Fact]
    public Task Retry_loop_that_recreates_the_socket_is_not_reported()
        => VerifyBodyAsync("""
                    Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            socket.Connect(Endpoint);
                            break;
                        }
                        catch (SocketException)
                        {
                            socket.Dispose();
                            socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        }
                    }

                    socket.Send(buffer);
            """);

    [Fact]
    public Task Conditional_access_after_dispose_is_reported()
        => VerifyBodyAsync("""
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Dispose();
                    socket?{|SG1004:.Shutdown(SocketShutdown.Both)|};
            """);
}
