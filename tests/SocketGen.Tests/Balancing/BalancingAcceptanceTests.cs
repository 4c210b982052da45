using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen.Balancing;
using SocketGen.Rpc;
using SocketGen.Tests.Faults;
using SocketGen.Tests.Rpc;
using Xunit.Abstractions;

namespace SocketGen.Tests.Balancing;

/// <summary>
/// Issue 17's acceptance: server processes, each on its own loopback address (127.0.0.2, .3, ...) at one port,
/// behind the name svc.test served by a real dnsmasq, reached by one balanced client that asks that DNS server.
/// Every scenario is bounded in count and time; no assertion is on speed.
/// </summary>
[Collection(nameof(BalancingAcceptanceTests))]
public sealed class BalancingAcceptanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Name = "svc.test";
    private static readonly TimeSpan s_resolveInterval = TimeSpan.FromSeconds(1);
    private readonly List<FaultServerProcess> _servers = new();
    private Dnsmasq? _dns;
    private int _port;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (FaultServerProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [RequiresDnsmasqFact]
    public async Task Killing_a_server_under_load_fails_no_idempotent_call_and_runs_no_call_twice()
    {
        await using CalculatorClient client = await StartAsync(3);
        using var stop = new CancellationTokenSource();
        var addFailures = new ConcurrentQueue<Exception>();
        var delayFailures = new ConcurrentQueue<(int Value, Exception Error)>();
        var delayDone = new ConcurrentQueue<int>();
        int adds = 0;
        int nextValue = 0;
        Task[] idempotent = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.AddAsync(1, 2);
                    Interlocked.Increment(ref adds);
                }
                catch (Exception ex)
                {
                    addFailures.Enqueue(ex);
                }
            }
        })).ToArray();
        Task[] notIdempotent = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int value = Interlocked.Increment(ref nextValue);
                try
                {
                    await client.DelayAsync(100, value);
                    delayDone.Enqueue(value);
                }
                catch (Exception ex)
                {
                    delayFailures.Enqueue((value, ex));
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => _servers.All(s => s.Runs.Length >= 3), "every server ran calls");
        _servers[1].Kill();
        int addsAtKill = Volatile.Read(ref adds);
        await WaitUntilAsync(() => Volatile.Read(ref adds) > addsAtKill + 500, "calls went on after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(idempotent.Concat(notIdempotent)).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"adds {adds}, add failures {addFailures.Count}; delays done {delayDone.Count}, failed {delayFailures.Count}; attempts {BalancingTests.Balancer(client).Attempts}");
        Assert.Empty(addFailures);

        // Calls that may have run on the killed server fail, saying the connection was lost after they were sent.
        Assert.All(delayFailures, f => Assert.IsType<ConnectionLostException>(f.Error));
        Assert.InRange(delayFailures.Count, 0, 8);

        // No call ran twice: every value ran at most once over all servers, and each completed one exactly once.
        int[] runs = _servers.SelectMany(s => s.Runs).ToArray();
        Assert.Equal(runs.Length, runs.Distinct().Count());
        var ran = runs.ToHashSet();
        Assert.All(delayDone, v => Assert.Contains(v, ran));
    }

    [RequiresDnsmasqFact]
    public async Task A_server_added_to_the_name_receives_calls_within_one_resolution_interval()
    {
        await using CalculatorClient client = await StartAsync(2);
        using var stop = new CancellationTokenSource();
        int value = 0;
        Task load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.DelayAsync(1, Interlocked.Increment(ref value));
            }
        });

        FaultServerProcess added = await StartServerAsync(IPAddress.Parse("127.0.0.4"));
        var waited = Stopwatch.StartNew();
        _dns!.Set(Name, ServerAddresses());
        await WaitUntilAsync(() => added.Runs.Length > 0, "the added server received a call");
        TimeSpan took = waited.Elapsed;
        await stop.CancelAsync();
        await load.WaitAsync(TimeSpan.FromSeconds(30));

        // One interval, plus the connect and the first call; the margin is wide for a loaded machine.
        output.WriteLine($"the added server received its first call {took.TotalMilliseconds:F0} ms after the name changed (interval {s_resolveInterval.TotalMilliseconds} ms)");
        Assert.True(took < s_resolveInterval + TimeSpan.FromSeconds(10), $"took {took}");
    }

    [RequiresDnsmasqFact]
    public async Task Draining_a_server_in_a_rolling_update_fails_no_call()
    {
        await using CalculatorClient client = await StartAsync(3);
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<Exception>();
        int done = 0;
        int nextValue = 0;
        Task[] load = Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Delay is not idempotent: only calls the draining server never started may move.
                    await client.DelayAsync(20, Interlocked.Increment(ref nextValue));
                    Interlocked.Increment(ref done);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => _servers.All(s => s.Runs.Length >= 3), "every server ran calls");

        // A rolling update: the server leaves the name (as a pod failing readiness leaves its Service), the client
        // drops it within one resolution interval, then the server stops gracefully (goaway, calls in flight finish).
        // Stopping before clients moved away races goaway against requests already on the wire, which the wire
        // format cannot yet tell apart from calls the server started (goaway carries no last call id).
        FaultServerProcess drained = _servers[0];
        _dns!.Set(Name, _servers.Skip(1).Select(s => s.EndPoint.Address).ToArray());
        await WaitUntilAsync(() => !BalancingTests.Balancer(client).Servers.Any(s => s.EndPoint.Equals(drained.EndPoint)), "the client dropped the server that left the name");
        Assert.Equal(0, await drained.StopGracefullyAsync(TimeSpan.FromSeconds(60)));
        int atStop = Volatile.Read(ref done);
        await WaitUntilAsync(() => Volatile.Read(ref done) > atStop + 100, "calls went on after the drain");
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"calls done {done}, failed {failures.Count}");
        Assert.Empty(failures);
    }

    [RequiresDnsmasqFact]
    public async Task With_every_server_down_calls_fail_fast_the_retry_budget_holds_and_the_client_recovers()
    {
        await using CalculatorClient client = await StartAsync(3, callTimeout: TimeSpan.FromSeconds(5));
        await client.AddAsync(1, 1);
        foreach (FaultServerProcess server in _servers)
        {
            server.Kill();
        }

        BalancedCalls balancer = BalancingTests.Balancer(client);
        await WaitUntilAsync(() => balancer.Servers.All(s => !s.Ready), "the client saw every server go");
        long attemptsBefore = balancer.Attempts;
        long connectsBefore = balancer.ConnectAttempts;
        var failedIn = new List<TimeSpan>();
        var window = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            var call = Stopwatch.StartNew();
            await Assert.ThrowsAsync<CallNotStartedException>(() => client.AddAsync(i, 1).AsTask());
            failedIn.Add(call.Elapsed);
            await Task.Delay(10);
        }

        TimeSpan spent = window.Elapsed;
        long attempts = balancer.Attempts - attemptsBefore;
        long connects = balancer.ConnectAttempts - connectsBefore;
        output.WriteLine($"100 calls over {spent.TotalMilliseconds:F0} ms: slowest failure {failedIn.Max().TotalMilliseconds:F0} ms, attempts sent {attempts}, connects {connects}");

        // Fail fast: every call failed well within its 5 s deadline.
        Assert.All(failedIn, t => Assert.True(t < TimeSpan.FromSeconds(5), $"a call took {t} to fail"));

        // The retry budget holds: no call was retried into dead servers, and reconnects back off (no storm):
        // 3 servers, backoff from 100 ms doubling to 1 s, over the window; at most one connect per server per 100 ms.
        Assert.InRange(attempts, 0, 100);
        Assert.InRange(connects, 1, 3 * ((long)(spent.TotalMilliseconds / 100) + 2));

        // A server returns at its address: the client finds it without being told.
        IPAddress returning = IPAddress.Parse("127.0.0.3");
        _servers.Add(await FaultServerProcess.StartAsync(returning, _port));
        var recovered = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal(5, await client.AddAsync(2, 3));
                break;
            }
            catch (CallNotStartedException) when (recovered.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }

        output.WriteLine($"recovered {recovered.ElapsedMilliseconds} ms after the server returned");
    }

    private static IPAddress[] Addresses(int count) => Enumerable.Range(2, count).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();

    private IPAddress[] ServerAddresses() => _servers.Select(s => s.EndPoint.Address).ToArray();

    private async Task<CalculatorClient> StartAsync(int servers, TimeSpan? callTimeout = null)
    {
        _port = PortFreeOnEvery(Addresses(servers + 1));
        FaultServerProcess[] started = await Task.WhenAll(Addresses(servers).Select(a => FaultServerProcess.StartAsync(a, _port)));
        _servers.AddRange(started);
        _dns = await Dnsmasq.StartAsync(Name, ServerAddresses());
        var options = new SocketClientOptions
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30),
        };
        var balancing = new BalancingOptions(new DnsServerResolver(Name, _port, s_resolveInterval, _dns.EndPoint));
        var client = new CalculatorClient(RpcConnection.Balance(balancing, options, CalculatorMethods.Contract));
        await client.AddAsync(0, 0);
        await WaitUntilAsync(() => BalancingTests.Balancer(client).Servers.Count(s => s.Ready) == servers, "the client connected every server");
        return client;
    }

    private async Task<FaultServerProcess> StartServerAsync(IPAddress address)
    {
        FaultServerProcess server = await FaultServerProcess.StartAsync(address, _port);
        _servers.Add(server);
        return server;
    }

    private static int PortFreeOnEvery(IPAddress[] addresses)
    {
        for (int tries = 0; ; tries++)
        {
            using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            first.Bind(new IPEndPoint(addresses[0], 0));
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            try
            {
                foreach (IPAddress address in addresses.Skip(1))
                {
                    using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    other.Bind(new IPEndPoint(address, port));
                }

                return port;
            }
            catch (SocketException) when (tries < 20)
            {
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"not within 60 s: {what}");
            await Task.Delay(20);
        }
    }
}
