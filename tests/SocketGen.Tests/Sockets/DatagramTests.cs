using System.Net;
using System.Net.Sockets;
using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public class DatagramTests
{
    [Fact]
    public async Task Unconnected_sockets_send_to_and_receive_from_any_peer()
    {
        var token = TestTimeouts.Guard();
        await using var a = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var b = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await a.SendToAsync("hello"u8.ToArray(), b.LocalEndPoint, token);
        var buffer = new byte[a.MaxDatagramSize];
        var received = await b.ReceiveFromAsync(buffer, token);

        Assert.Equal(5, received.Length);
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
        Assert.Equal(a.LocalEndPoint, received.RemoteEndPoint);

        await b.SendToAsync("back"u8.ToArray(), received.RemoteEndPoint, token);
        var reply = await a.ReceiveFromAsync(buffer, token);
        Assert.Equal(4, reply.Length);
    }

    [Fact]
    public async Task A_dual_stack_socket_sends_to_a_host_name_and_hears_ipv4_peers()
    {
        var token = TestTimeouts.Guard();
        await using var ipv4 = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var dual = DatagramSocket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        Assert.True(dual.Socket.DualMode);
        Assert.Equal(DatagramOptions.MaxIPv6DatagramSize, dual.MaxDatagramSize);

        await dual.SendToAsync(new byte[] { 42 }, new DnsEndPoint("localhost", ((IPEndPoint)ipv4.LocalEndPoint).Port), token);
        var received = await ipv4.ReceiveFromAsync(new byte[16], token);
        Assert.Equal(1, received.Length);

        await ipv4.SendToAsync(new byte[] { 1, 2 }, new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)dual.LocalEndPoint).Port), token);
        var reply = await dual.ReceiveFromAsync(new byte[16], token);
        Assert.Equal(2, reply.Length);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)reply.RemoteEndPoint).Address.MapToIPv4());
    }

    [Fact]
    public async Task A_connected_socket_exchanges_datagrams_with_its_one_peer()
    {
        var token = TestTimeouts.Guard();
        await using var server = DatagramSocket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        await using var client = await DatagramConnection.ConnectAsync(server.LocalEndPoint, cancellationToken: token);
        Assert.Equal(server.LocalEndPoint, client.RemoteEndPoint);

        await client.SendAsync("ping"u8.ToArray(), token);
        var buffer = new byte[64];
        var request = await server.ReceiveFromAsync(buffer, token);
        Assert.Equal(client.LocalEndPoint, request.RemoteEndPoint);

        await server.SendToAsync("pong"u8.ToArray(), request.RemoteEndPoint, token);
        int length = await client.ReceiveAsync(buffer, token);
        Assert.Equal("pong"u8.ToArray(), buffer[..length]);
    }

    [Fact]
    public async Task A_connected_socket_ignores_datagrams_from_other_peers()
    {
        var token = TestTimeouts.Guard();
        await using var peer = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var stranger = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = await DatagramConnection.ConnectAsync(peer.LocalEndPoint, cancellationToken: token);

        await stranger.SendToAsync(new byte[] { 1 }, client.LocalEndPoint, token);
        await peer.SendToAsync(new byte[] { 2 }, client.LocalEndPoint, token);

        var buffer = new byte[8];
        int length = await client.ReceiveAsync(buffer, token);
        Assert.Equal(1, length);
        Assert.Equal(2, buffer[0]); // the stranger's datagram never arrived
    }

    [Fact]
    public async Task Datagrams_over_the_size_limit_are_refused_before_sending()
    {
        await using var socket = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), new DatagramOptions { MaxDatagramSize = 512 });
        Assert.Equal(512, socket.MaxDatagramSize);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await socket.SendToAsync(new byte[513], socket.LocalEndPoint));
        Assert.Equal("datagram", error.ParamName);
        Assert.Contains("513", error.Message, StringComparison.Ordinal);
        Assert.Contains("512", error.Message, StringComparison.Ordinal);

        await using var full = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(DatagramOptions.MaxIPv4DatagramSize, full.MaxDatagramSize);
        await Assert.ThrowsAsync<ArgumentException>(async () => await full.SendToAsync(new byte[65508], full.LocalEndPoint));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramOptions { MaxDatagramSize = 70000 });
    }

    [Fact]
    public async Task A_datagram_longer_than_the_buffer_is_reported_not_silently_truncated()
    {
        var token = TestTimeouts.Guard();
        await using var socket = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(new byte[100], socket.LocalEndPoint, token);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await socket.ReceiveFromAsync(new byte[10], token));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connected_socket_learns_that_its_peers_port_is_closed()
    {
        var token = TestTimeouts.Guard();
        var closed = ClosedUdpPort();
        await using var client = await DatagramConnection.ConnectAsync(closed, cancellationToken: token);
        await client.SendAsync(new byte[] { 1 }, token);

        // The ICMP port-unreachable comes back as ECONNREFUSED on the next call: what a connected UDP socket is for.
        var error = await Assert.ThrowsAsync<SocketException>(async () => await client.ReceiveAsync(new byte[8], token));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains(closed.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_name_the_parameter()
    {
        await using var socket = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal("remoteEndPoint", (await Assert.ThrowsAsync<ArgumentException>(async () => await socket.SendToAsync(new byte[1], new IPEndPoint(IPAddress.Loopback, 0)))).ParamName);
        Assert.Equal("remoteEndPoint", (await Assert.ThrowsAsync<ArgumentException>(async () => await socket.SendToAsync(new byte[1], new UnixDomainSocketEndPoint("/tmp/x")))).ParamName);
        Assert.Equal("remoteEndPoint", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await socket.SendToAsync(new byte[1], null!))).ParamName);
        Assert.Equal("buffer", (await Assert.ThrowsAsync<ArgumentException>(async () => await socket.ReceiveFromAsync(Memory<byte>.Empty))).ParamName);
        Assert.Equal("localEndPoint", Assert.Throws<ArgumentNullException>(() => DatagramSocket.Bind(null!)).ParamName);
        Assert.Equal("remoteEndPoint", (await Assert.ThrowsAsync<ArgumentException>(async () => await DatagramConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 0)))).ParamName);

        await using var connection = await DatagramConnection.ConnectAsync(socket.LocalEndPoint);
        Assert.Equal("buffer", (await Assert.ThrowsAsync<ArgumentException>(async () => await connection.ReceiveAsync(Memory<byte>.Empty))).ParamName);
        await connection.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.SendAsync(new byte[1]));
    }

    private static IPEndPoint ClosedUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
