using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Tests.Addressing;

public class AddressResolverTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    public async Task Literals_resolve_to_themselves_without_a_lookup(string host, string expected)
    {
        var addresses = await AddressResolver.ResolveAsync(host);
        Assert.Equal(new[] { IPAddress.Parse(expected) }, addresses);
    }

    [Fact]
    public async Task Localhost_resolves_to_loopback_addresses_only()
    {
        var addresses = await AddressResolver.ResolveAsync("localhost", cancellationToken: TestTimeoutsToken());
        Assert.NotEmpty(addresses);
        Assert.All(addresses, address => Assert.True(IPAddress.IsLoopback(address), $"{address} is not loopback"));
        Assert.Equal(addresses.Count, addresses.Distinct().Count()); // one per address, as with SOCK_STREAM
    }

    [Fact]
    public async Task The_family_filter_keeps_only_that_family()
    {
        var v4 = await AddressResolver.ResolveAsync("localhost", AddressFamily.InterNetwork, TestTimeoutsToken());
        Assert.All(v4, address => Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily));

        var error = await Assert.ThrowsAsync<SocketException>(async () => await AddressResolver.ResolveAsync("127.0.0.1", AddressFamily.InterNetworkV6));
        Assert.Equal(SocketError.HostNotFound, error.SocketErrorCode);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_host_fails_with_host_not_found_naming_the_host()
    {
        string host = UnresolvableHost;
        var error = await Assert.ThrowsAsync<SocketException>(async () => await AddressResolver.ResolveAsync(host, cancellationToken: TestTimeoutsToken()));
        Assert.Contains(error.SocketErrorCode, new[] { SocketError.HostNotFound, SocketError.TryAgain });
        Assert.Contains(host, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_to_an_unknown_host_reports_the_lookup_failure()
    {
        string host = UnresolvableHost;
        var error = await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(host, 80, cancellationToken: TestTimeoutsToken()));
        Assert.Contains(error.SocketErrorCode, new[] { SocketError.HostNotFound, SocketError.TryAgain });
        Assert.Contains(host, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passive_resolution_without_a_host_gives_the_wildcard()
    {
        var unspecified = AddressResolver.ResolvePassive(null);
        Assert.Equal(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, Assert.Single(unspecified));
        Assert.Equal(IPAddress.Any, Assert.Single(AddressResolver.ResolvePassive("", AddressFamily.InterNetwork)));
        Assert.Equal(IPAddress.IPv6Any, Assert.Single(AddressResolver.ResolvePassive("*", AddressFamily.InterNetworkV6)));
        Assert.Equal(IPAddress.Loopback, AddressResolver.ResolvePassive("127.0.0.1")[0]);
    }

    [Fact]
    public async Task Endpoints_carry_the_port()
    {
        var endPoints = await AddressResolver.ResolveEndPointsAsync("::1", 8080);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 8080), Assert.Single(endPoints));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await AddressResolver.ResolveEndPointsAsync("::1", 65536));
    }

    [Fact]
    public async Task Bad_arguments_name_the_parameter()
    {
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await AddressResolver.ResolveAsync(null!))).ParamName);
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentException>(async () => await AddressResolver.ResolveAsync(" "))).ParamName);
        Assert.Equal("family", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await AddressResolver.ResolveAsync("localhost", AddressFamily.Unix))).ParamName);
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentException>(async () => await SocketConnector.ConnectAsync("", 80))).ParamName);
        Assert.Equal("port", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await SocketConnector.ConnectAsync("localhost", 70000))).ParamName);
        Assert.Equal("port", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await SocketConnector.ConnectAsync("localhost", 0))).ParamName);
        Assert.Equal("endPoint", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await SocketConnector.ConnectAsync((EndPoint)null!))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectOptions { AttemptDelay = TimeSpan.FromMilliseconds(5) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectOptions { ConnectTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectOptions { AddressFamily = AddressFamily.Unix });
    }

    [Fact]
    public async Task A_cancelled_token_stops_resolution()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await AddressResolver.ResolveAsync("localhost", cancellationToken: cancel.Token));
    }

    /// <summary>
    /// A name no resolver can look up, refused before any query leaves the machine: a DNS label holds at most
    /// 63 bytes (RFC 1035), and .invalid never resolves (RFC 2606). Tests stay off the network.
    /// </summary>
    internal static readonly string UnresolvableHost = new string('a', 64) + ".invalid";

    private static CancellationToken TestTimeoutsToken() => SocketGen.Tests.Sockets.TestTimeouts.Guard(10);
}

public class ResolverErrorCodeTests
{
    [Theory]
    [InlineData(-3, true, SocketError.TryAgain)]          // EAI_AGAIN: the name server did not answer in time
    [InlineData(-2, true, SocketError.HostNotFound)]      // EAI_NONAME
    [InlineData(-5, true, SocketError.HostNotFound)]      // EAI_NODATA
    [InlineData(-4, true, SocketError.NoRecovery)]        // EAI_FAIL
    [InlineData(2, false, SocketError.TryAgain)]          // macOS / BSD EAI_AGAIN
    [InlineData(8, false, SocketError.HostNotFound)]      // macOS / BSD EAI_NONAME
    public void Getaddrinfo_errors_map_to_socket_errors(int status, bool linux, SocketError expected)
        => Assert.Equal(expected, SystemResolver.ToSocketError(status, linux));

    [Fact]
    public void A_resolution_failure_names_the_host_and_keeps_the_code()
    {
        var error = SystemResolver.ResolutionFailed("db.internal", SocketError.TryAgain, "Temporary failure in name resolution");
        Assert.Equal(SocketError.TryAgain, error.SocketErrorCode);
        Assert.Contains("'db.internal'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Temporary failure", error.Message, StringComparison.Ordinal);
    }
}
