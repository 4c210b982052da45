using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public class ListenerOptionsTests
{
    [Fact]
    public async Task A_port_held_by_a_listener_with_address_reuse_cannot_be_bound_without_it()
    {
        await using var first = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = (IPEndPoint)first.LocalEndPoint;

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(taken, new SocketListenerOptions { ReuseAddress = false }));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains(taken.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_held_by_a_listener_without_address_reuse_cannot_be_bound_with_it()
    {
        await using var first = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0), new SocketListenerOptions { ReuseAddress = false });
        var taken = (IPEndPoint)first.LocalEndPoint;

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(taken, new SocketListenerOptions { ReuseAddress = true }));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains(taken.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_reuse_is_on_by_default_and_lets_a_restarted_server_rebind_its_port()
    {
        var token = TestTimeouts.Guard();
        IPEndPoint port;
        await using (var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            Assert.Equal(1, (int)listener.GetSocketForTests().GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
            port = (IPEndPoint)listener.LocalEndPoint;
            var accepting = listener.AcceptAsync(token);
            await using var client = await SocketConnector.ConnectAsync(port, cancellationToken: token);
            await using var server = await accepting;
            server.Dispose(); // the server closes first: its side of the connection lingers in TIME_WAIT
        }

        await using var restarted = SocketListener.Start(port);
        Assert.Equal(port, restarted.LocalEndPoint);
    }

    [Fact]
    public async Task The_backlog_defaults_to_the_os_maximum_and_can_be_set()
    {
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0), new SocketListenerOptions { Backlog = 3 });
        Assert.Equal(3, new SocketListenerOptions { Backlog = 3 }.Backlog);
        Assert.Null(new SocketListenerOptions().Backlog);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketListenerOptions { Backlog = 0 });
    }

    [Fact]
    public async Task A_listener_can_start_on_a_host_name()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new DnsEndPoint("localhost", 0));
        Assert.True(IPAddress.IsLoopback(((IPEndPoint)listener.LocalEndPoint).Address));
        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port, cancellationToken: token);
        await using var server = await accepting;
    }

    [Fact]
    public void Starting_on_an_unsupported_endpoint_type_names_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => SocketListener.Start(new UnsupportedEndPoint()));
        Assert.Equal("endPoint", error.ParamName);
        Assert.Throws<ArgumentNullException>(() => SocketListener.Start(null!));
    }

    private sealed class UnsupportedEndPoint : EndPoint
    {
    }
}

internal static class ListenerTestAccess
{
    /// <summary>The listener's socket, read through reflection: tests only, to check socket options.</summary>
    public static Socket GetSocketForTests(this SocketListener listener)
        => (Socket)typeof(SocketListener).GetField("_socket", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(listener)!;
}
