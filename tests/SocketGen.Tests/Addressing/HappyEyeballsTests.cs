using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;
using SocketGen.Tests.Sockets;

namespace SocketGen.Tests.Addressing;

public class HappyEyeballsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData(250)]
    [InlineData(600)]
    public async Task A_first_address_that_never_answers_costs_one_attempt_delay_not_a_timeout(int attemptDelayMs)
    {
        var token = TestTimeouts.Guard();
        using var hole = await BlackHole.CreateAsync(IPAddress.Loopback);
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        var options = new ConnectOptions { AttemptDelay = TimeSpan.FromMilliseconds(attemptDelayMs), ConnectTimeout = TimeSpan.FromSeconds(5) };

        var stopwatch = Stopwatch.StartNew();
        await using (var connection = await SocketConnector.ConnectToAnyAsync(new[] { hole.EndPoint, (IPEndPoint)listener.LocalEndPoint }, options, token))
        {
            stopwatch.Stop();
            await using var server = await accepting;
            Assert.Equal(listener.LocalEndPoint, connection.RemoteEndPoint);
        }

        output.WriteLine($"attempt delay {attemptDelayMs} ms: connected after {stopwatch.ElapsedMilliseconds} ms");
        // About one attempt delay: not before it (the black hole got its chance), far below the 5 s timeout.
        Assert.InRange(stopwatch.ElapsedMilliseconds, attemptDelayMs - 20, attemptDelayMs + 1500);
    }

    [Fact]
    public async Task A_failed_attempt_starts_the_next_address_at_once()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var accepting = listener.AcceptAsync(token);
        var options = new ConnectOptions { AttemptDelay = TimeSpan.FromSeconds(3) };

        var stopwatch = Stopwatch.StartNew();
        using var socket = await HappyEyeballs.ConnectAsync("test", new[] { TcpLoopbackTests.ClosedPort(), (IPEndPoint)listener.LocalEndPoint }, options, CancellationToken.None, token);
        Assert.True(stopwatch.ElapsedMilliseconds < 2000, $"took {stopwatch.ElapsedMilliseconds} ms: the refusal did not start the next attempt");
        await using var server = await accepting;
    }

    [Fact]
    public async Task A_loser_that_connects_anyway_is_closed()
    {
        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var target = (IPEndPoint)listener.LocalEndPoint;
        var slow = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 9);
        Socket? loserSocket = null;
        var options = new ConnectOptions
        {
            AttemptDelay = TimeSpan.FromMilliseconds(20),
            ConnectAttempt = async (endPoint, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                if (endPoint.Equals(slow))
                {
                    // Connects only after it has been told it lost: the race RFC 8305 warns about.
                    var lost = new TaskCompletionSource();
                    using (cancel.Register(() => lost.SetResult()))
                    {
                        await lost.Task.WaitAsync(token);
                    }

                    await socket.ConnectAsync(target, token);
                    loserSocket = socket;
                    return socket;
                }

                await socket.ConnectAsync(target, cancel);
                return socket;
            },
        };

        using var winner = await HappyEyeballs.ConnectAsync("test", new[] { slow, target }, options, CancellationToken.None, token);

        Assert.NotNull(loserSocket);
        Assert.True(loserSocket!.SafeHandle.IsClosed, "the losing socket was left open");
        Assert.False(winner.SafeHandle.IsClosed);
    }

    [Fact]
    public async Task When_every_address_fails_the_error_lists_each_and_carries_the_most_telling_code()
    {
        var unreachable = new IPEndPoint(IPAddress.Parse("127.0.0.3"), 1);
        var refused = new IPEndPoint(IPAddress.Parse("127.0.0.4"), 2);
        var options = new ConnectOptions
        {
            ConnectAttempt = (endPoint, _) => throw new SocketException(
                (int)(endPoint.Equals(unreachable) ? SocketError.NetworkUnreachable : SocketError.ConnectionRefused)),
        };

        var error = await Assert.ThrowsAsync<SocketException>(async () =>
            await HappyEyeballs.ConnectAsync("example.test:2", new[] { unreachable, refused }, options, CancellationToken.None, TestTimeouts.Guard()));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains("example.test:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.3:1: NetworkUnreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.4:2: ConnectionRefused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_refusing_loopback_ports_fail_with_connection_refused_naming_both()
    {
        var first = TcpLoopbackTests.ClosedPort();
        var second = new IPEndPoint(IPAddress.IPv6Loopback, TcpLoopbackTests.ClosedPort().Port);
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
            await HappyEyeballs.ConnectAsync("t", new[] { first, second }, new ConnectOptions(), CancellationToken.None, TestTimeouts.Guard()));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains(first.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(second.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connect_timeout_ends_a_connect_that_never_answers_with_timed_out()
    {
        using var hole = await BlackHole.CreateAsync(IPAddress.Loopback);
        var options = new ConnectOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) };

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(hole.EndPoint, options, TestTimeouts.Guard()));

        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
        Assert.Contains(hole.EndPoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 250, 3000);
    }

    [Fact]
    public async Task Cancelling_a_connect_that_never_answers_throws_operation_cancelled()
    {
        using var hole = await BlackHole.CreateAsync(IPAddress.Loopback);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await SocketConnector.ConnectAsync(hole.EndPoint, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task Connecting_to_a_list_validates_it()
    {
        Assert.Equal("endPoints", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await SocketConnector.ConnectToAnyAsync(null!))).ParamName);
        Assert.Equal("endPoints", (await Assert.ThrowsAsync<ArgumentException>(async () => await SocketConnector.ConnectToAnyAsync(Array.Empty<IPEndPoint>()))).ParamName);
        Assert.Equal("endPoints", (await Assert.ThrowsAsync<ArgumentException>(async () => await SocketConnector.ConnectToAnyAsync(new IPEndPoint[] { null! }))).ParamName);
        Assert.Equal("endPoints", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await SocketConnector.ConnectToAnyAsync(new[] { new IPEndPoint(IPAddress.Loopback, 0) }))).ParamName);
    }

    [Fact]
    public void Addresses_are_interleaved_by_family_starting_with_the_resolvers_first()
    {
        IPEndPoint E(string address) => new(IPAddress.Parse(address), 1);
        var ordered = HappyEyeballs.Interleave(new[] { E("::1"), E("::2"), E("::3"), E("10.0.0.1"), E("10.0.0.2") });

        Assert.Equal(new[] { "::1", "10.0.0.1", "::2", "10.0.0.2", "::3" }, ordered.Select(e => e.Address.ToString()));
    }

    [Fact]
    public void Ranking_prefers_refusal_over_timeout_over_unreachable()
    {
        Assert.True(HappyEyeballs.Rank(SocketError.ConnectionRefused) < HappyEyeballs.Rank(SocketError.TimedOut));
        Assert.True(HappyEyeballs.Rank(SocketError.TimedOut) < HappyEyeballs.Rank(SocketError.HostUnreachable));
        Assert.True(HappyEyeballs.Rank(SocketError.HostUnreachable) < HappyEyeballs.Rank(SocketError.NetworkUnreachable));
    }
}
