using System.Net;
using System.Net.Sockets;
using SocketGen.Balancing;
using SocketGen.Rpc;
using SocketGen.Tests.Production;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Balancing;

/// <summary>One balanced client against several in-process servers, each on its own loopback address (127.0.0.2, .3, .4).</summary>
public sealed class BalancingTests : IAsyncLifetime
{
    private readonly List<RpcTestHost> _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (RpcTestHost host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Round_robin_spreads_calls_over_every_server()
    {
        RpcTestHost[] servers = await StartServersAsync(3);
        await using CalculatorClient client = Balanced(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)), BalancingPolicy.RoundRobin);

        await WaitUntilReadyAsync(client, 3);
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(i + 1, await client.AddAsync(i, 1));
        }

        foreach (RpcTestHost server in servers)
        {
            Assert.InRange(server.Calculator.AddCalls, 60, 140);
        }
    }

    [Fact]
    public async Task Pick_first_sends_every_call_to_the_first_server_and_fails_over_when_it_stops()
    {
        RpcTestHost[] servers = await StartServersAsync(2);
        await using CalculatorClient client = Balanced(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)), BalancingPolicy.PickFirst);
        await WaitUntilReadyAsync(client, 2);

        // (The call that started connecting went to whichever connected first.)
        int first = servers[0].Calculator.AddCalls;
        int second = servers[1].Calculator.AddCalls;
        for (int i = 0; i < 50; i++)
        {
            await client.AddAsync(i, 1);
        }

        Assert.Equal(first + 50, servers[0].Calculator.AddCalls);
        Assert.Equal(second, servers[1].Calculator.AddCalls);

        await servers[0].Server.StopAsync(TestTimeout.Token());
        for (int i = 0; i < 50; i++)
        {
            await client.AddAsync(i, 1);
        }

        Assert.Equal(second + 50, servers[1].Calculator.AddCalls);
    }

    [Fact]
    public async Task Least_outstanding_calls_sends_new_calls_to_the_server_that_is_not_busy()
    {
        RpcTestHost[] servers = await StartServersAsync(2);
        await using CalculatorClient client = Balanced(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)), BalancingPolicy.LeastOutstandingCalls);
        await WaitUntilReadyAsync(client, 2);

        // Ten calls held on whichever servers they reach; then the busier server gets no new call until it is even.
        Task<int>[] held = Enumerable.Range(1, 10).Select(i => client.WaitForGateAsync(i)).ToArray();
        await TlsTests.WaitUntilAsync(() => servers.Sum(s => s.Calculator.GateWaitersStarted) == 10);
        int busy0 = servers[0].Calculator.GateWaitersStarted;
        int busy1 = servers[1].Calculator.GateWaitersStarted;
        Assert.Equal(5, busy0);
        Assert.Equal(5, busy1);

        servers[0].Calculator.OpenGate();
        await TlsTests.WaitUntilAsync(() => held.Count(t => t.IsCompleted) == 5);
        int[] before = servers.Select(s => s.Calculator.AddCalls).ToArray();
        for (int i = 0; i < 20; i++)
        {
            await client.AddAsync(i, 1);
        }

        // Server 0 has nothing in flight, server 1 has five: every Add went to server 0.
        Assert.Equal(before[0] + 20, servers[0].Calculator.AddCalls);
        Assert.Equal(before[1], servers[1].Calculator.AddCalls);
        servers[1].Calculator.OpenGate();
        await Task.WhenAll(held).WaitAsync(TestTimeout.Default);
    }

    [Fact]
    public async Task When_a_server_drops_idempotent_calls_are_retried_elsewhere_and_calls_that_may_have_run_fail()
    {
        RpcTestHost[] servers = await StartServersAsync(3);
        await using CalculatorClient client = Balanced(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)), BalancingPolicy.RoundRobin);
        await WaitUntilReadyAsync(client, 3);

        // Gate-held calls: WaitForGate is not idempotent; Echo... is. Hold both kinds on every server, then drop server 0.
        Task<int>[] notIdempotent = Enumerable.Range(1, 6).Select(i => client.WaitForGateAsync(i)).ToArray();
        await TlsTests.WaitUntilAsync(() => servers.Sum(s => s.Calculator.GateWaitersStarted) == 6);
        int onDropped = servers[0].Calculator.GateWaitersStarted;
        Assert.Equal(2, onDropped);

        servers[0].Server.AbortAllConnections();
        await servers[0].Server.StopAsync(TestTimeout.Token());
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i + 2, await client.AddAsync(i, 2));
        }

        servers[1].Calculator.OpenGate();
        servers[2].Calculator.OpenGate();
        int failed = 0;
        foreach (Task<int> call in notIdempotent)
        {
            try
            {
                await call.WaitAsync(TestTimeout.Default);
            }
            catch (ConnectionLostException)
            {
                failed++;
            }
        }

        Assert.Equal(onDropped, failed);
        Assert.Equal(2, servers[1].Calculator.GateWaitersStarted);
        Assert.Equal(2, servers[2].Calculator.GateWaitersStarted);
    }

    [Fact]
    public async Task With_every_server_down_calls_fail_fast_and_the_client_recovers_when_a_server_returns()
    {
        IPEndPoint[] addresses = [FreeEndPoint("127.0.0.2"), FreeEndPoint("127.0.0.3")];
        var options = new SocketClientOptions { ReconnectBaseDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200), CallTimeout = TimeSpan.FromSeconds(20) };
        await using CalculatorClient client = Balanced(new StaticServerResolver(addresses), BalancingPolicy.RoundRobin, options);

        var started = System.Diagnostics.Stopwatch.StartNew();
        CallNotStartedException error = await Assert.ThrowsAsync<CallNotStartedException>(() => client.AddAsync(1, 2).AsTask());
        Assert.Contains("No server of", error.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"failing took {started.Elapsed}, not fast");

        RpcTestHost returned = await RpcTestHost.StartAsync(endPoint: addresses[1]);
        _hosts.Add(returned);
        int sum = await RetryUntilAsync(() => client.AddAsync(2, 3).AsTask());
        Assert.Equal(5, sum);
    }

    [Fact]
    public async Task A_server_the_resolver_adds_gets_calls_and_one_it_drops_is_drained_without_failing_a_call()
    {
        RpcTestHost[] servers = await StartServersAsync(2);
        var resolver = new ChangingResolver(TimeSpan.FromMilliseconds(200), servers[0].EndPoint);
        await using CalculatorClient client = Balanced(resolver, BalancingPolicy.RoundRobin);
        await client.AddAsync(0, 0);

        Task<int> held = client.WaitForGateAsync(7);
        await TlsTests.WaitUntilAsync(() => servers[0].Calculator.GateWaitersStarted == 1);
        resolver.Set(servers[1].EndPoint);
        await TlsTests.WaitUntilAsync(() => Balancer(client).Servers.Count == 1 && Balancer(client).Servers[0].EndPoint.Equals(servers[1].EndPoint));

        int before = servers[1].Calculator.AddCalls;
        for (int i = 0; i < 20; i++)
        {
            await client.AddAsync(i, 1);
        }

        Assert.Equal(before + 20, servers[1].Calculator.AddCalls);

        // The call in flight on the server that vanished completes there: it was drained, not cut.
        servers[0].Calculator.OpenGate();
        Assert.Equal(7, await held.WaitAsync(TestTimeout.Default));
    }

    [Fact]
    public async Task Calls_on_a_draining_server_move_to_the_others_without_a_failure()
    {
        var health = new SocketGen.Health.ServerHealth();
        RpcTestHost[] servers = await StartServersAsync(3, health: health);
        var balancing = new BalancingOptions(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint))) { HealthCheckInterval = TimeSpan.FromMilliseconds(100) };
        await using var client = new CalculatorClient(RpcConnection.Balance(balancing, null, CalculatorMethods.Contract));
        await WaitUntilReadyAsync(client, 3);

        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        int completed = 0;
        Task[] load = Enumerable.Range(0, 8).Select(async worker =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Delay is not idempotent: only calls the server never started may move.
                    await client.DelayAsync(5, worker);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        }).ToArray();

        await TlsTests.WaitUntilAsync(() => Volatile.Read(ref completed) > 50);

        // As a hosted server with DrainNoticeDelay: health says draining first, clients move away, then the stop.
        health.Drain();
        await TlsTests.WaitUntilAsync(() => Balancer(client).Servers.Count(s => s.Ready) == 2);
        await servers[0].Server.StopAsync(TestTimeout.Token());
        int afterDrain = Volatile.Read(ref completed);
        await TlsTests.WaitUntilAsync(() => Volatile.Read(ref completed) > afterDrain + 50);
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TestTimeout.Default);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_retry_budget_stops_retries_when_every_attempt_fails()
    {
        // Servers that refuse every call (no call slot, no queue): every attempt fails as not started.
        var refusing = new SocketServerOptions { MaxConcurrentCallsPerConnection = 1, MaxQueuedCallsPerConnection = 0 };
        RpcTestHost[] servers = await StartServersAsync(2, refusing);
        var balancing = new BalancingOptions(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)))
        {
            MaxAttempts = 5,
            RetryBudgetRatio = 0,
            MinRetriesPerSecond = 1,
        };
        await using var client = new CalculatorClient(RpcConnection.Balance(balancing, null, CalculatorMethods.Contract));
        await WaitUntilReadyAsync(client, 2);

        // One gate-held call on each server fills it; then 50 calls each find both full.
        Task<int>[] held = [client.WaitForGateAsync(1), client.WaitForGateAsync(2)];
        await TlsTests.WaitUntilAsync(() => servers.Sum(s => s.Calculator.GateWaitersStarted) == 2);
        long attemptsBefore = Balancer(client).Attempts;
        int refused = 0;
        for (int i = 0; i < 50; i++)
        {
            try
            {
                await client.AddAsync(i, 1);
            }
            catch (CallNotStartedException)
            {
                refused++;
            }
        }

        long attempts = Balancer(client).Attempts - attemptsBefore;
        Assert.Equal(50, refused);

        // 50 first attempts, plus at most the reserve of 1 per second over the 10-second window (and the second or two the loop spans).
        Assert.InRange(attempts, 50, 50 + 12);
        foreach (RpcTestHost server in servers)
        {
            server.Calculator.OpenGate();
        }

        await Task.WhenAll(held).WaitAsync(TestTimeout.Default);
    }

    [Fact]
    public async Task Hedging_answers_from_the_second_server_when_the_first_is_slow()
    {
        RpcTestHost[] servers = await StartServersAsync(2);
        var balancing = new BalancingOptions(new StaticServerResolver(servers.Select(s => (EndPoint)s.EndPoint)))
        {
            Policy = BalancingPolicy.PickFirst,
            HedgingDelay = TimeSpan.FromMilliseconds(100),
        };

        // A description in which WaitForGate is idempotent, so it may be hedged.
        var contract = new RpcContractDescription("ICalculator", new RpcMethodDescription("WaitForGateAsync", CalculatorMethods.WaitForGate, RpcMethodKind.Unary, true));
        await using var client = new CalculatorClient(RpcConnection.Balance(balancing, null, contract));
        await WaitUntilReadyAsync(client, 2);

        // The first server holds the call; after 100 ms the hedge reaches the second, which answers.
        Task<int> call = client.WaitForGateAsync(5);
        await TlsTests.WaitUntilAsync(() => servers[0].Calculator.GateWaitersStarted == 1 && servers[1].Calculator.GateWaitersStarted == 1);
        Assert.False(call.IsCompleted);
        servers[1].Calculator.OpenGate();
        Assert.Equal(5, await call.WaitAsync(TestTimeout.Default));
        servers[0].Calculator.OpenGate();
    }

    [Fact]
    public void Two_contracts_with_the_same_method_id_cannot_share_a_listener()
    {
        var clash = new ClashingDispatcher();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => SocketServer.StartAsync([new CalculatorDispatcher(new Calculator()), clash], new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Contains("ICalculator.AddAsync and IClash.SumAsync have the same method id 1", error.Message);
    }

    [Fact]
    public async Task Unix_socket_servers_are_balanced_too()
    {
        string directory = Directory.CreateTempSubdirectory("socketgen-balance-").FullName;
        try
        {
            var endPoints = new EndPoint[] { new UnixDomainSocketEndPoint(Path.Combine(directory, "a.sock")), new UnixDomainSocketEndPoint(Path.Combine(directory, "b.sock")) };
            foreach (EndPoint endPoint in endPoints)
            {
                _hosts.Add(await RpcTestHost.StartAsync(endPoint: endPoint));
            }

            await using CalculatorClient client = Balanced(new StaticServerResolver(endPoints), BalancingPolicy.RoundRobin);
            await WaitUntilReadyAsync(client, 2);
            for (int i = 0; i < 40; i++)
            {
                await client.AddAsync(i, i);
            }

            Assert.All(_hosts, h => Assert.InRange(h.Calculator.AddCalls, 10, 30));
        }
        finally
        {
            await DisposeAsync();
            _hosts.Clear();
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static BalancedCalls Balancer(CalculatorClient client) => client.Connection.Balancer!;

    internal static CalculatorClient Balanced(IServerResolver resolver, BalancingPolicy policy, SocketClientOptions? options = null) =>
        new(RpcConnection.Balance(new BalancingOptions(resolver) { Policy = policy }, options, CalculatorMethods.Contract));

    internal static async Task WaitUntilReadyAsync(CalculatorClient client, int servers)
    {
        await client.AddAsync(0, 0); // the first call starts connecting every server
        await TlsTests.WaitUntilAsync(() => Balancer(client).Servers.Count(s => s.Ready) == servers);
    }

    internal static IPEndPoint FreeEndPoint(string address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    private static async Task<T> RetryUntilAsync<T>(Func<Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (CallNotStartedException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Servers on 127.0.0.2, .3, ...; <paramref name="health"/>, when given, is the first server's.</summary>
    private async Task<RpcTestHost[]> StartServersAsync(int count, SocketServerOptions? options = null, SocketGen.Health.ServerHealth? health = null)
    {
        var servers = new RpcTestHost[count];
        for (int i = 0; i < count; i++)
        {
            SocketServerOptions? copy = options is null && (health is null || i > 0) ? null : new SocketServerOptions
            {
                MaxConcurrentCallsPerConnection = options?.MaxConcurrentCallsPerConnection ?? 100,
                MaxQueuedCallsPerConnection = options?.MaxQueuedCallsPerConnection ?? 1000,
                Health = i == 0 ? health : null,
            };
            servers[i] = await RpcTestHost.StartAsync(copy, new IPEndPoint(IPAddress.Parse($"127.0.0.{i + 2}"), 0));
            _hosts.Add(servers[i]);
        }

        return servers;
    }

    /// <summary>A second contract whose only method has the id of ICalculator.AddAsync.</summary>
    private sealed class ClashingDispatcher : RpcDispatcher
    {
        public override string ContractName => "IClash";

        public override RpcContractDescription Contract { get; } = new("IClash", new RpcMethodDescription("SumAsync", CalculatorMethods.Add, RpcMethodKind.Unary, false));

        public override RpcMethodKind GetMethodKind(uint methodId) => methodId == CalculatorMethods.Add ? RpcMethodKind.Unary : RpcMethodKind.Unknown;

        public override string? GetMethodName(uint methodId) => methodId == CalculatorMethods.Add ? "SumAsync" : null;

        public override ValueTask DispatchAsync(uint methodId, ref SocketGen.Serialization.WireReader args, RpcServerCall call) => throw new NotSupportedException();
    }
}
