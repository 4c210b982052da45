using System.Net;

namespace SocketGen.Tests.Callbacks;

public class CallContextTests
{
    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    [InlineData(RoomTransport.Tls)]
    public async Task A_handler_sees_the_clients_default_metadata_overridden_key_by_key_by_the_calls_own(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        SocketClientOptions options = host.ClientOptions();
        options.DefaultMetadata["tenant"] = "blue";
        options.DefaultMetadata["authorization"] = "Bearer t0k3n";
        RoomClient client = await host.ConnectAsync(options: options);

        Dictionary<string, string> plain = await client.MetadataAsync();
        Dictionary<string, string> overridden = await client.WithCallOptions(new SocketCallOptions
        {
            Metadata = new Dictionary<string, string> { ["tenant"] = "green", ["request-id"] = "r-42" },
        }).MetadataAsync();

        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "blue", ["authorization"] = "Bearer t0k3n" }, plain);
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "green", ["authorization"] = "Bearer t0k3n", ["request-id"] = "r-42" }, overridden);
    }

    [Fact]
    public async Task A_call_without_metadata_sees_an_empty_set()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        RoomClient client = await host.ConnectAsync();

        Assert.Empty(await client.MetadataAsync());
    }

    [Fact]
    public async Task Metadata_over_the_servers_limit_refuses_that_call_only()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp, new SocketServerOptions { MaxCallMetadataBytes = 256 });
        RoomClient client = await host.ConnectAsync();
        var large = new SocketCallOptions { Metadata = new Dictionary<string, string> { ["blob"] = new string('x', 1024) } };

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => client.WithCallOptions(large).MetadataAsync());
        Assert.Contains("256", error.Message, StringComparison.Ordinal);

        // The connection stays up: the next call, and one within the limit, run.
        Assert.Empty(await client.MetadataAsync());
        var small = new SocketCallOptions { Metadata = new Dictionary<string, string> { ["k"] = "v" } };
        Assert.Equal("v", (await client.WithCallOptions(small).MetadataAsync())["k"]);
    }

    [Fact]
    public void Metadata_with_an_empty_key_is_refused_before_anything_is_sent()
    {
        Assert.Throws<ArgumentException>(() => new SocketCallOptions { Metadata = new Dictionary<string, string> { [""] = "v" } });
    }

    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    [InlineData(RoomTransport.Tls)]
    public async Task A_calls_own_deadline_reaches_the_handler(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        RoomClient client = await host.ConnectAsync();

        long none = await client.RemainingAsync();
        long remaining = await client.WithCallOptions(new SocketCallOptions { Timeout = TimeSpan.FromMinutes(10) }).RemainingAsync();

        Assert.Equal(-1, none);
        Assert.InRange(remaining, 1, 600_000);
    }

    [Fact]
    public async Task A_calls_own_deadline_replaces_the_clients_call_timeout()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        SocketClientOptions options = host.ClientOptions();
        options.CallTimeout = TimeSpan.FromMinutes(10);
        RoomClient client = await host.ConnectAsync(options: options);

        long clientWide = await client.RemainingAsync();
        long own = await client.WithCallOptions(new SocketCallOptions { Timeout = TimeSpan.FromMinutes(1) }).RemainingAsync();
        long none = await client.WithCallOptions(new SocketCallOptions { Timeout = Timeout.InfiniteTimeSpan }).RemainingAsync();

        Assert.InRange(clientWide, 60_001, 600_000);
        Assert.InRange(own, 1, 60_000);
        Assert.Equal(-1, none);
    }

    [Fact]
    public async Task A_call_made_inside_a_handler_inherits_the_time_the_handlers_call_has_left()
    {
        await using RoomHost downstream = await RoomHost.StartAsync(RoomTransport.Tcp);
        await using RoomHost upstream = await RoomHost.StartAsync(RoomTransport.Tcp);
        upstream.Service.Downstream = await downstream.ConnectAsync();
        RoomClient client = await upstream.ConnectAsync();

        long inherited = await client.WithCallOptions(new SocketCallOptions { Timeout = TimeSpan.FromMinutes(5) }).ForwardRemainingAsync();
        long withoutDeadline = await client.ForwardRemainingAsync();

        // The downstream call was given the upstream call's remaining time, not its own (none).
        Assert.InRange(inherited, 1, 300_000);
        Assert.Equal(-1, withoutDeadline);
    }

    [Fact]
    public async Task A_handler_sees_a_stable_connection_id_and_the_peers_address()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        var member = new TestMember();
        RoomClient first = await host.ConnectAsync(member);
        RoomClient second = await host.ConnectAsync();

        long id = await first.JoinAsync("ann");
        Assert.Equal(id, await first.JoinAsync("ann"));
        Assert.NotEqual(id, await second.JoinAsync("bob"));
        SocketConnectionContext connection = host.Service.Joined.Single(c => c.Id == id);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)connection.Identity.RemoteEndPoint!).Address);
        Assert.True(connection.IsConnected);
        Assert.True(connection.PeerServesCalls);
        Assert.Equal("ann", connection.Items["nick"]);
    }

    [Fact]
    public async Task There_is_no_call_context_outside_a_served_call()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        RoomClient client = await host.ConnectAsync();
        await client.JoinAsync("x");

        Assert.Null(SocketCallContext.Current);
        Assert.Throws<InvalidOperationException>(() => RoomServer.Caller);
    }
}
