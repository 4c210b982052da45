using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

/// <summary>Runs alone, after the parallel tests, so the process's descriptor count is this test's own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCountCollection
{
    public const string Name = "Descriptor count";
}

[Collection(DescriptorCountCollection.Name)]
public sealed class DescriptorLeakTests : IDisposable
{
    private const int Rounds = 10;
    private readonly string _directory = Directory.CreateTempSubdirectory("sgleak").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Socket_heavy_paths_leave_no_descriptor_open()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return; // no /proc (not Linux): nothing to count with
        }

        using var hole = await BlackHole.CreateAsync(IPAddress.Loopback);
        await RoundAsync(hole, 0); // warm-up: the runtime opens its epoll descriptors once, lazily

        int before = OpenDescriptors();
        for (int round = 1; round <= Rounds; round++)
        {
            await RoundAsync(hole, round);
        }

        int after = OpenDescriptors();
        // A leak on any path costs at least one descriptor per round; allow a little for the runtime's own.
        Assert.True(after - before <= 2, $"{after - before} descriptors more after {Rounds} rounds ({before} -> {after})");
    }

    private async Task RoundAsync(BlackHole hole, int round)
    {
        var token = TestTimeouts.Guard();

        // Connect, accept, exchange, close: IPv4, IPv6 and by name.
        await using (var listener = SocketListener.Start(new IPEndPoint(IPAddress.IPv6Any, 0)))
        {
            int port = ((IPEndPoint)listener.LocalEndPoint).Port;
            foreach (var host in new[] { "127.0.0.1", "::1", "localhost" })
            {
                var accepting = listener.AcceptAsync(token);
                await using var client = await SocketConnector.ConnectAsync(host, port, cancellationToken: token);
                await using var server = await accepting;
                await TcpLoopbackTests.AssertExchangesAsync(client, server, token);
            }

            // Address in use: the failed listener must close its socket.
            Assert.Throws<SocketException>(() => SocketListener.Start(listener.LocalEndPoint, new SocketListenerOptions { ReuseAddress = false }));

            // Happy Eyeballs: the black hole loses to the listener and its attempt is closed.
            var options = new ConnectOptions { AttemptDelay = TimeSpan.FromMilliseconds(10) };
            var winning = listener.AcceptAsync(token);
            using (var socket = await HappyEyeballs.ConnectAsync("leak", new[] { hole.EndPoint, new IPEndPoint(IPAddress.Loopback, port) }, options, CancellationToken.None, token))
            {
                await using var accepted = await winning;
            }

            await listener.DisposeAsync();
            var pending = listener.AcceptAsync(token); // after close: refused at once
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pending);
        }

        // Refused, timed out, cancelled, unresolvable.
        await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(TcpLoopbackTests.ClosedPort(), cancellationToken: token));
        await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(hole.EndPoint, new ConnectOptions { ConnectTimeout = TimeSpan.FromMilliseconds(30) }, token));
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await SocketConnector.ConnectAsync(hole.EndPoint, cancellationToken: cancel.Token));
        }

        await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(SocketGen.Tests.Addressing.AddressResolverTests.UnresolvableHost, 80, cancellationToken: token));

        // Unix sockets, a stale file replaced on the way.
        string path = Path.Combine(_directory, $"r{round}.sock");
        UnixSocketTests.CreateStaleSocketFile(path);
        await using (var unixListener = SocketListener.Start(new UnixDomainSocketEndPoint(path)))
        {
            var accepting = unixListener.AcceptAsync(token);
            await using var client = await SocketConnector.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken: token);
            await using var server = await accepting;
            await TcpLoopbackTests.AssertExchangesAsync(client, server, token);
        }

        // UDP, both kinds, and a failing bind.
        await using (var udp = DatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0)))
        await using (var connected = await DatagramConnection.ConnectAsync(udp.LocalEndPoint, cancellationToken: token))
        {
            await connected.SendAsync(new byte[] { 1 }, token);
            await udp.ReceiveFromAsync(new byte[8], token);
            Assert.Throws<SocketException>(() => DatagramSocket.Bind((IPEndPoint)udp.LocalEndPoint));
        }
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
}
