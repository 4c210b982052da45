using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public class TcpLoopbackTests
{
    [Fact]
    public async Task Ipv4_listener_accepts_and_both_ends_see_each_others_endpoints()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var listening = (IPEndPoint)listener.LocalEndPoint;
        Assert.NotEqual(0, listening.Port);

        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(listening, cancellationToken: token);
        await using var server = await accepting;

        Assert.Equal(listening, client.RemoteEndPoint);
        Assert.Equal(client.LocalEndPoint, server.RemoteEndPoint);
        Assert.Equal(listening, server.LocalEndPoint);
        await AssertExchangesAsync(client, server, token);
    }

    [Fact]
    public async Task Ipv6_listener_accepts_a_connection_over_loopback()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync("::1", ((IPEndPoint)listener.LocalEndPoint).Port, cancellationToken: token);
        await using var server = await accepting;

        Assert.Equal(AddressFamily.InterNetworkV6, ((IPEndPoint)server.RemoteEndPoint).AddressFamily);
        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)client.RemoteEndPoint).Address);
        await AssertExchangesAsync(client, server, token);
    }

    [Fact]
    public async Task Dual_stack_listener_on_the_ipv6_wildcard_accepts_ipv4_and_ipv6_clients()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.IPv6Any, 0));
        int port = ((IPEndPoint)listener.LocalEndPoint).Port;

        var accepting4 = listener.AcceptAsync(token);
        await using var client4 = await SocketConnector.ConnectAsync("127.0.0.1", port, cancellationToken: token);
        await using var server4 = await accepting4;
        var peer4 = (IPEndPoint)server4.RemoteEndPoint;
        Assert.True(peer4.Address.IsIPv4MappedToIPv6, $"expected an IPv4-mapped peer, got {peer4}");
        Assert.Equal(IPAddress.Loopback, peer4.Address.MapToIPv4());

        var accepting6 = listener.AcceptAsync(token);
        await using var client6 = await SocketConnector.ConnectAsync("::1", port, cancellationToken: token);
        await using var server6 = await accepting6;
        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)server6.RemoteEndPoint).Address);
        await AssertExchangesAsync(client4, server4, token);
    }

    [Fact]
    public async Task Connecting_by_host_name_reaches_the_listener()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(new DnsEndPoint("localhost", ((IPEndPoint)listener.LocalEndPoint).Port), cancellationToken: token);
        await using var server = await accepting;
        Assert.True(client.Socket.NoDelay);
        await AssertExchangesAsync(client, server, token);
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_is_refused_and_the_error_names_the_endpoint()
    {
        var closed = ClosedPort();
        var error = await Assert.ThrowsAsync<SocketException>(
            async () => await SocketConnector.ConnectAsync(closed, cancellationToken: TestTimeouts.Guard()));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains(closed.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_exactly_waits_for_every_byte_across_several_sends()
    {
        var token = TestTimeouts.Guard();
        var (client, server, listener) = await ConnectPairAsync(token);
        await using (listener)
        await using (client)
        await using (server)
        {
            var receiving = server.ReceiveExactlyAsync(new byte[6], token).AsTask();
            await client.SendAsync(new byte[] { 1, 2, 3 }, token);
            await Task.Delay(50, token);
            Assert.False(receiving.IsCompleted);
            await client.SendAsync(new byte[] { 4, 5, 6 }, token);
            await receiving;

            var buffer = new byte[10];
            await client.SendAsync(new byte[] { 7, 8, 9, 10 }, token);
            int received = await server.ReceiveAtLeastAsync(buffer, 4, cancellationToken: token);
            Assert.Equal(4, received);
            Assert.Equal(new byte[] { 7, 8, 9, 10 }, buffer[..4]);
        }
    }

    [Fact]
    public async Task A_send_larger_than_the_socket_buffers_arrives_whole_and_in_order()
    {
        var token = TestTimeouts.Guard(10);
        var (client, server, listener) = await ConnectPairAsync(token);
        await using (listener)
        await using (client)
        await using (server)
        {
            var payload = new byte[4 * 1024 * 1024]; // far beyond the kernel buffers: the send completes in pieces
            new Random(42).NextBytes(payload);
            var received = new byte[payload.Length];
            var receiving = server.ReceiveExactlyAsync(received, token).AsTask();
            await client.SendAsync(payload, token);
            await receiving;
            Assert.True(payload.AsSpan().SequenceEqual(received));
        }
    }

    [Fact]
    public async Task Receive_exactly_throws_end_of_stream_when_the_peer_shuts_down_early()
    {
        var token = TestTimeouts.Guard();
        var (client, server, listener) = await ConnectPairAsync(token);
        await using (listener)
        await using (client)
        await using (server)
        {
            await client.SendAsync(new byte[] { 1, 2 }, token);
            client.Shutdown(SocketShutdown.Send);

            var error = await Assert.ThrowsAsync<EndOfStreamException>(async () => await server.ReceiveExactlyAsync(new byte[4], token));
            Assert.Contains("2 of 4", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Receive_at_least_returns_the_short_count_at_end_of_stream_when_asked_not_to_throw()
    {
        var token = TestTimeouts.Guard();
        var (client, server, listener) = await ConnectPairAsync(token);
        await using (listener)
        await using (client)
        await using (server)
        {
            await client.SendAsync(new byte[] { 1, 2, 3 }, token);
            client.Shutdown(SocketShutdown.Send);

            int received = await server.ReceiveAtLeastAsync(new byte[8], 8, throwOnEndOfStream: false, token);
            Assert.Equal(3, received);
            Assert.Equal(0, await server.ReceiveAsync(new byte[1], token));
        }
    }

    [Fact]
    public async Task A_closed_connection_refuses_further_use()
    {
        var token = TestTimeouts.Guard();
        var (client, server, listener) = await ConnectPairAsync(token);
        await using (listener)
        await using (server)
        {
            await client.DisposeAsync();
            await client.DisposeAsync(); // closing twice is harmless
            Assert.True(client.IsClosed);
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.SendAsync(new byte[1], token));
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.ReceiveAsync(new byte[1], token));
            Assert.Throws<ObjectDisposedException>(() => client.Shutdown(SocketShutdown.Both));
            Assert.Equal(0, await server.ReceiveAsync(new byte[1], token)); // the peer sees the close
        }
    }

    [Fact]
    public async Task Disposing_a_listener_ends_a_pending_accept_and_later_accepts()
    {
        var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(TestTimeouts.Guard()).AsTask();
        await listener.DisposeAsync();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => accepting);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await listener.AcceptAsync());
    }

    [Fact]
    public async Task Cancelling_an_accept_throws_operation_cancelled()
    {
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await listener.AcceptAsync(cancel.Token));
    }

    [Fact]
    public async Task A_connected_socket_from_elsewhere_becomes_a_connection_and_others_are_refused()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(listener.LocalEndPoint, token);
        await using var client = SocketConnection.FromConnectedSocket(raw);
        await using var server = await accepting;
        await AssertExchangesAsync(client, server, token);

        using var unconnected = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal("socket", Assert.Throws<ArgumentException>(() => SocketConnection.FromConnectedSocket(unconnected)).ParamName);
        Assert.Equal("how", Assert.Throws<ArgumentOutOfRangeException>(() => client.Shutdown((SocketShutdown)7)).ParamName);
    }

    [Fact]
    public void Listener_and_connection_types_offer_no_operation_of_the_other_state()
    {
        // The typestate: a listener cannot connect, send or receive; a connection cannot accept, bind or listen.
        var listenerMethods = typeof(SocketListener).GetMethods().Select(m => m.Name).ToHashSet();
        var connectionMethods = typeof(SocketConnection).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.DoesNotContain(listenerMethods, name => name.StartsWith("Connect", StringComparison.Ordinal) || name.StartsWith("Send", StringComparison.Ordinal) || name.StartsWith("Receive", StringComparison.Ordinal));
        Assert.DoesNotContain(connectionMethods, name => name.StartsWith("Accept", StringComparison.Ordinal) || name.StartsWith("Bind", StringComparison.Ordinal) || name.StartsWith("Listen", StringComparison.Ordinal) || name.StartsWith("Connect", StringComparison.Ordinal));
        Assert.Contains("AcceptAsync", listenerMethods);
        Assert.Contains("SendAsync", connectionMethods);
    }

    internal static IPEndPoint ClosedPort()
    {
        // A port that was just free: bind, read the port, close. Nothing listens on it afterwards.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    internal static async Task<(SocketConnection Client, SocketConnection Server, SocketListener Listener)> ConnectPairAsync(CancellationToken token)
    {
        var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        var client = await SocketConnector.ConnectAsync(listener.LocalEndPoint, cancellationToken: token);
        return (client, await accepting, listener);
    }

    internal static async Task AssertExchangesAsync(SocketConnection client, SocketConnection server, CancellationToken token)
    {
        await client.SendAsync("ping"u8.ToArray(), token);
        var request = new byte[4];
        await server.ReceiveExactlyAsync(request, token);
        Assert.Equal("ping"u8.ToArray(), request);

        await server.SendAsync("pong!"u8.ToArray(), token);
        var reply = new byte[5];
        await client.ReceiveExactlyAsync(reply, token);
        Assert.Equal("pong!"u8.ToArray(), reply);
    }
}
