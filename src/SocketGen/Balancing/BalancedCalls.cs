using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SocketGen.Interceptors;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Balancing;

/// <summary>
/// The engine of a balanced client: keeps a connection per server the resolver gives (resolving again every
/// interval, draining servers that vanished), picks a server per call by the policy, and retries or hedges
/// calls within the attempt limit, the retry budget and the call's deadline.
/// </summary>
internal sealed class BalancedCalls : IAsyncDisposable
{
    private static readonly TimeSpan s_maintenancePeriod = TimeSpan.FromMilliseconds(100);

    private readonly BalancingOptions _balancing;
    private readonly RpcContractDescription _contract;
    private readonly ILogger? _logger;
    private readonly RetryBudget _budget;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private readonly List<BalancedServer> _draining = new();
    private BalancedServer[] _servers = [];
    private TaskCompletionSource _changed = NewSignal();
    private Task? _maintenance;
    private Task? _firstResolution;
    private Exception? _resolveError;
    private int _next;
    private long _attempts;
    private long _connectAttempts;

    public BalancedCalls(BalancingOptions balancing, SocketClientOptions? options, RpcContractDescription contract)
    {
        _balancing = balancing;
        _contract = contract;
        ClientOptions = options ?? new SocketClientOptions();
        _logger = ClientOptions.Logger;
        ServerOptions = OptionsForOneServer(ClientOptions);
        _budget = new RetryBudget(balancing.RetryBudgetRatio, balancing.MinRetriesPerSecond);
    }

    public IServerResolver Resolver => _balancing.Resolver;

    public SocketClientOptions ClientOptions { get; }

    /// <summary>The options of each server's connection: the client's, with reconnect off (the balancer reconnects).</summary>
    public SocketClientOptions ServerOptions { get; }

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>True when at least one server takes new calls.</summary>
    public bool IsConnected => Array.Exists(Volatile.Read(ref _servers), s => s.ReadyConnection is not null);

    /// <summary>Attempts made, first tries, retries and hedges together; for tests of the retry budget.</summary>
    internal long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Connects started to any server; for tests that no connect storm happens.</summary>
    internal long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    /// <summary>The servers now in the balancer and whether each takes calls; for tests and diagnostics.</summary>
    internal IReadOnlyList<(EndPoint EndPoint, bool Ready, int Outstanding, Health.ServingStatus Status)> Servers =>
        Array.ConvertAll(Volatile.Read(ref _servers), s => (s.EndPoint, s.ReadyConnection is not null, s.Outstanding, s.Status));

    public async ValueTask<TResult> InvokeAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        return await CallAsync(
            methodId,
            (connection, token) => connection.InvokeAsync(methodId, args, encodeArgs, decodeResult, callOptions, token),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask InvokeAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken) =>
        CallAsync(methodId, (connection, token) => connection.InvokeAsync(methodId, args, encodeArgs, callOptions, token), cancellationToken);

    /// <summary>A one-way call is retried only when it was never sent (<see cref="CallNotStartedException"/>): nothing tells whether it ran.</summary>
    public ValueTask SendOneWayAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken) =>
        CallAsync(methodId, (connection, token) => connection.SendOneWayAsync(methodId, args, encodeArgs, callOptions, token), cancellationToken);

    /// <summary>A stream goes to one server and is not retried: items already received cannot be taken back.</summary>
    public async IAsyncEnumerable<TItem> InvokeStreamAsync<TArgs, TItem>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TItem> decodeItem, SocketCallOptions? callOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BalancedServer server = await PickAsync(null, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _attempts);
        try
        {
            await foreach (TItem item in server.ReadyConnection!.InvokeStreamAsync(methodId, args, encodeArgs, decodeItem, callOptions, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            server.Exit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_maintenance is { } maintenance)
        {
            await maintenance.ConfigureAwait(false);
        }

        BalancedServer[] servers;
        lock (_lock)
        {
            servers = [.. _servers, .. _draining];
            _servers = [];
            _draining.Clear();
        }

        foreach (BalancedServer server in servers)
        {
            await server.CloseAsync().ConfigureAwait(false);
        }
    }

    internal void CountConnectAttempt() => Interlocked.Increment(ref _connectAttempts);

    internal void OnConnectFailed(BalancedServer server, Exception error)
    {
        if (_logger is not null && !_stopping.IsCancellationRequested)
        {
            BalancingLog.ConnectFailed(_logger, server.EndPoint, Resolver.Name, error.Message);
        }
    }

    /// <summary>Wakes the calls waiting for a server: one connected, or failed to.</summary>
    internal void OnServerChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static SocketClientOptions OptionsForOneServer(SocketClientOptions options) => new()
    {
        MaxFramePayloadLength = options.MaxFramePayloadLength,
        HandshakeTimeout = options.HandshakeTimeout,
        CallTimeout = options.CallTimeout,
        KeepAliveInterval = options.KeepAliveInterval,
        KeepAliveTimeout = options.KeepAliveTimeout,
        Reconnect = false,
        StreamWindow = options.StreamWindow,
        Logger = options.Logger,
        Tls = options.Tls,
    };

    /// <summary>A call without a result: the same attempts, retries and deadline as one with a result.</summary>
    private async ValueTask CallAsync(uint methodId, Func<RpcConnection, CancellationToken, ValueTask> attempt, CancellationToken cancellationToken)
    {
        await CallAsync(
            methodId,
            async (connection, token) =>
            {
                await attempt(connection, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an attempt that failed this way may be made again on another server.</summary>
    private static bool IsSafeToRetry(Exception error, bool idempotent) => error switch
    {
        CallNotStartedException => true, // the server never started it
        ObjectDisposedException => true, // the server's connection was closed under the pick: nothing was sent
        ConnectionLostException or CallCancelledByServerException => idempotent, // it may have run
        _ => false,
    };

    private ValueTask<TResult> CallAsync<TResult>(uint methodId, Func<RpcConnection, CancellationToken, ValueTask<TResult>> attempt, CancellationToken cancellationToken)
    {
        if (_balancing.Interceptors.Count == 0)
        {
            return CallWithRetriesAsync(methodId, attempt, cancellationToken);
        }

        // The pipeline, innermost first: the call with its retries, then each interceptor around it.
        Func<ClientCallContext, ValueTask<TResult>> pipeline = context => CallWithRetriesAsync(methodId, attempt, context.CancellationToken);
        for (int i = _balancing.Interceptors.Count - 1; i >= 0; i--)
        {
            ClientCallInterceptor interceptor = _balancing.Interceptors[i];
            Func<ClientCallContext, ValueTask<TResult>> next = pipeline;
            pipeline = context => interceptor.InterceptAsync(context, next);
        }

        return pipeline(new ClientCallContext(_contract.Name, _contract.Find(methodId), methodId, cancellationToken));
    }

    private async ValueTask<TResult> CallWithRetriesAsync<TResult>(uint methodId, Func<RpcConnection, CancellationToken, ValueTask<TResult>> attempt, CancellationToken cancellationToken)
    {
        bool idempotent = _contract.Find(methodId)?.IsIdempotent == true;
        TimeSpan timeout = ClientOptions.CallTimeout;
        using CancellationTokenSource? deadline = timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline?.CancelAfter(Timing.Timeouts.ForTimer(timeout));
        CancellationToken token = deadline?.Token ?? cancellationToken;
        BalancedServer? previous = null;
        for (int attemptNumber = 1; ; attemptNumber++)
        {
            BalancedServer server;
            try
            {
                server = await PickAsync(previous, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline is not null)
            {
                throw new DeadlineExceededException($"No server of {Resolver.Name} took the call within its deadline of {timeout}.", ex);
            }

            Interlocked.Increment(ref _attempts);
            try
            {
                RpcConnection connection = server.ReadyConnection ?? throw new CallNotStartedException(null, $"The connection to {server.EndPoint} closed before the call was sent.");
                Task<TResult> running = attempt(connection, token).AsTask();
                if (idempotent && _balancing.HedgingDelay is { } hedgingDelay && attemptNumber < _balancing.MaxAttempts)
                {
                    running = HedgeAsync(running, server, attempt, hedgingDelay, token);
                }

                TResult result = await running.ConfigureAwait(false);
                _budget.OnSuccess();
                return result;
            }
            catch (Exception ex) when (IsSafeToRetry(ex, idempotent) && attemptNumber < _balancing.MaxAttempts && !token.IsCancellationRequested && _budget.TryRetry())
            {
                if (_logger is not null)
                {
                    BalancingLog.Retrying(_logger, _contract.Name, methodId, server.EndPoint, attemptNumber, ex.Message);
                }

                previous = server;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline is not null)
            {
                throw new DeadlineExceededException($"The call did not complete within its deadline of {timeout}.", ex);
            }
            finally
            {
                server.Exit();
            }
        }
    }

    /// <summary>
    /// Starts a second attempt on another server when the first has not completed after the delay; the first to
    /// succeed wins and the other is cancelled. Fails only when every attempt failed (with the last error).
    /// </summary>
    private async Task<TResult> HedgeAsync<TResult>(Task<TResult> first, BalancedServer firstServer, Func<RpcConnection, CancellationToken, ValueTask<TResult>> attempt, TimeSpan delay, CancellationToken token)
    {
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task timer = Task.Delay(delay, losers.Token);
        if (await Task.WhenAny(first, timer).ConfigureAwait(false) == first || !_budget.TryRetry())
        {
            return await first.ConfigureAwait(false);
        }

        BalancedServer? second = TryPick(firstServer, allowSame: false);
        if (second is null)
        {
            return await first.ConfigureAwait(false);
        }

        Interlocked.Increment(ref _attempts);
        try
        {
            Task<TResult> hedge = attempt(second.ReadyConnection ?? throw new CallNotStartedException(null, "The hedging server closed."), losers.Token).AsTask();
            Task<TResult> winner = await Task.WhenAny(first, hedge).ConfigureAwait(false);
            if (winner.IsCompletedSuccessfully)
            {
                await losers.CancelAsync().ConfigureAwait(false);
                _ = (winner == first ? hedge : first).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return winner.Result;
            }

            return await (winner == first ? hedge : first).ConfigureAwait(false);
        }
        finally
        {
            second.Exit();
        }
    }

    /// <summary>
    /// A ready server, counted as entered, avoiding <paramref name="avoid"/> when another is ready. Waits while
    /// servers are connecting; fails at once with <see cref="CallNotStartedException"/> when none is ready or
    /// connecting (every server is backing off after failed connects), so calls fail fast while all are down.
    /// </summary>
    private async ValueTask<BalancedServer> PickAsync(BalancedServer? avoid, CancellationToken cancellationToken)
    {
        if (_maintenance is null)
        {
            Start();
        }

        if (!_firstResolution!.IsCompleted)
        {
            await _firstResolution.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            Task changed = Volatile.Read(ref _changed).Task;
            if (TryPick(avoid, allowSame: true) is { } picked)
            {
                return picked;
            }

            bool waiting = false;
            long now = Environment.TickCount64;
            foreach (BalancedServer server in Volatile.Read(ref _servers))
            {
                if (server.CanConnect(now))
                {
                    server.StartConnecting();
                }

                waiting |= server.IsConnecting;
            }

            if (!waiting)
            {
                throw NoServer();
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private BalancedServer? TryPick(BalancedServer? avoid, bool allowSame)
    {
        BalancedServer[] servers = Volatile.Read(ref _servers);
        int count = servers.Length;
        if (count == 0)
        {
            return null;
        }

        BalancedServer? chosen = null;
        BalancedServer? fallback = null;
        int start = _balancing.Policy == BalancingPolicy.PickFirst ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
        for (int i = 0; i < count; i++)
        {
            BalancedServer server = servers[(start + i) % count];
            if (server.ReadyConnection is null)
            {
                continue;
            }

            if (ReferenceEquals(server, avoid))
            {
                fallback = server;
                continue;
            }

            if (_balancing.Policy != BalancingPolicy.LeastOutstandingCalls)
            {
                chosen = server;
                break;
            }

            if (chosen is null || server.Outstanding < chosen.Outstanding)
            {
                chosen = server;
            }
        }

        chosen ??= allowSame ? fallback : null;
        chosen?.Enter();
        return chosen;
    }

    private CallNotStartedException NoServer()
    {
        BalancedServer[] servers = Volatile.Read(ref _servers);
        if (servers.Length == 0)
        {
            string why = _resolveError is null ? "it gave no server" : "resolving failed: " + _resolveError.Message;
            return new CallNotStartedException(null, $"No server to call: {Resolver.Name} {why}.", _resolveError);
        }

        string states = string.Join("; ", servers.Select(s => $"{s.EndPoint}: {s.LastError?.Message ?? "not connected"}"));
        return new CallNotStartedException(null, $"No server of {Resolver.Name} is available ({states}); the call was not sent.", servers.Select(s => s.LastError).FirstOrDefault(e => e is not null));
    }

    private void Start()
    {
        lock (_lock)
        {
            if (_maintenance is not null || _stopping.IsCancellationRequested)
            {
                ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
                return;
            }

            _firstResolution = ResolveAsync();
            _maintenance = MaintainAsync();
        }
    }

    /// <summary>Resolves again every interval, reconnects servers whose backoff passed, and closes drained servers.</summary>
    private async Task MaintainAsync()
    {
        await Task.Yield();
        TimeSpan interval = Resolver.RefreshInterval;
        long nextResolution = interval == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)interval.TotalMilliseconds;
        long nextHealthCheck = 0;
        try
        {
            await _firstResolution!.ConfigureAwait(false);
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(s_maintenancePeriod, _stopping.Token).ConfigureAwait(false);
                long now = Environment.TickCount64;
                if (now >= nextResolution)
                {
                    await ResolveAsync().ConfigureAwait(false);
                    nextResolution = now + (long)interval.TotalMilliseconds;
                }

                foreach (BalancedServer server in Volatile.Read(ref _servers))
                {
                    if (server.CanConnect(now))
                    {
                        server.StartConnecting();
                    }
                }

                if (_balancing.HealthCheckInterval is { } healthInterval && now >= nextHealthCheck)
                {
                    nextHealthCheck = now + (long)healthInterval.TotalMilliseconds;
                    // A check may take up to a second even when checks are more frequent: a loaded server answers late.
                    await CheckHealthAsync(healthInterval > TimeSpan.FromSeconds(1) ? healthInterval : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }

                await CloseDrainedAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Never silently: without this loop no server would be reconnected or resolved again.
            if (_logger is not null)
            {
                BalancingLog.ResolveFailed(_logger, Resolver.Name, "the balancer's maintenance stopped: " + ex.Message);
            }

            throw;
        }
    }

    private async Task CheckHealthAsync(TimeSpan timeout)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        bounded.CancelAfter(timeout);
        bool[] changed = await Task.WhenAll(Volatile.Read(ref _servers).Select(s => s.CheckHealthAsync(_contract.Name, bounded.Token))).ConfigureAwait(false);
        if (Array.IndexOf(changed, true) >= 0)
        {
            OnServerChanged();
        }
    }

    private async Task ResolveAsync()
    {
        IReadOnlyList<EndPoint> endPoints;
        try
        {
            endPoints = await Resolver.ResolveAsync(_stopping.Token).ConfigureAwait(false);
            _resolveError = null;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // Keep the servers of the last answer: a resolver that hiccups must not empty the balancer.
            _resolveError = ex;
            if (_logger is not null)
            {
                BalancingLog.ResolveFailed(_logger, Resolver.Name, ex.Message);
            }

            return;
        }

        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var current = _servers.ToDictionary(s => s.Key);
            var next = new List<BalancedServer>(endPoints.Count);
            foreach (EndPoint endPoint in endPoints)
            {
                string key = endPoint.ToString() ?? "";
                if (current.Remove(key, out BalancedServer? kept))
                {
                    next.Add(kept);
                }
                else if (!next.Exists(s => s.Key == key))
                {
                    var added = new BalancedServer(this, endPoint);
                    next.Add(added);
                    added.StartConnecting();
                }
            }

            foreach (BalancedServer vanished in current.Values)
            {
                vanished.Remove();
                _draining.Add(vanished);
            }

            Volatile.Write(ref _servers, next.ToArray());
        }

        OnServerChanged();
    }

    private async Task CloseDrainedAsync()
    {
        List<BalancedServer>? drained = null;
        lock (_lock)
        {
            for (int i = _draining.Count - 1; i >= 0; i--)
            {
                if (_draining[i].Outstanding == 0)
                {
                    (drained ??= new()).Add(_draining[i]);
                    _draining.RemoveAt(i);
                }
            }
        }

        if (drained is not null)
        {
            foreach (BalancedServer server in drained)
            {
                await server.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}
