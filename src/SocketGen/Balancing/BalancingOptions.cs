namespace SocketGen.Balancing;

/// <summary>
/// How a balanced client finds its servers and spreads calls over them: the resolver, the policy, and the
/// retries (see <see cref="IdempotentAttribute"/>) with their budget and optional hedging.
/// </summary>
public sealed class BalancingOptions
{
    private int _maxAttempts = 3;
    private double _retryBudgetRatio = 0.2;
    private int _minRetriesPerSecond = 10;
    private TimeSpan? _hedgingDelay;
    private TimeSpan? _healthCheckInterval;

    /// <summary>Balances over the servers <paramref name="resolver"/> gives.</summary>
    /// <param name="resolver">Where the servers are: <see cref="StaticServerResolver"/>, <see cref="DnsServerResolver"/>, or your own.</param>
    public BalancingOptions(IServerResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Resolver = resolver;
    }

    /// <summary>Interceptors every call of the client passes through, in order, the first outermost (around retries); empty by default.</summary>
    public IList<Interceptors.ClientCallInterceptor> Interceptors { get; } = new List<Interceptors.ClientCallInterceptor>();

    /// <summary>Where the servers are.</summary>
    public IServerResolver Resolver { get; }

    /// <summary>How a server is chosen for each call (default <see cref="BalancingPolicy.RoundRobin"/>).</summary>
    public BalancingPolicy Policy { get; set; } = BalancingPolicy.RoundRobin;

    /// <summary>
    /// How many servers one call may be tried on, the first attempt included (default 3; 1 turns retries off).
    /// A call the server never started is retried whatever the method; a call that may have run only when the
    /// method is <see cref="IdempotentAttribute">idempotent</see>. The call's deadline
    /// (<see cref="SocketClientOptions.CallTimeout"/>) bounds all attempts together.
    /// </summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        set => _maxAttempts = SocketServerOptions.Positive(value);
    }

    /// <summary>
    /// The retry budget: retries in the last 10 seconds may be at most this share of the calls that succeeded in
    /// them, plus <see cref="MinRetriesPerSecond"/> (default 0.2). When every server fails, calls stop being
    /// retried instead of multiplying the load.
    /// </summary>
    public double RetryBudgetRatio
    {
        get => _retryBudgetRatio;
        set => _retryBudgetRatio = value is >= 0 and <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The ratio must be between 0 and 1000.");
    }

    /// <summary>Retries allowed per second whatever the successes, so a client with little traffic can retry too (default 10).</summary>
    public int MinRetriesPerSecond
    {
        get => _minRetriesPerSecond;
        set => _minRetriesPerSecond = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
    }

    /// <summary>
    /// How often each connected server is asked, through the standard health contract
    /// (<see cref="Health.HealthContract"/>), whether it serves the client's contract; a server that answers not
    /// serving or draining gets no new calls until it answers serving. Null (the default) asks nothing: servers are
    /// then judged by their connection alone (keep-alive, goaway).
    /// </summary>
    public TimeSpan? HealthCheckInterval
    {
        get => _healthCheckInterval;
        set => _healthCheckInterval = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The interval must be positive.");
    }

    /// <summary>
    /// Hedging for idempotent methods: when a call has not completed after this delay, a second attempt starts on
    /// another server, and the first answer wins (the other attempt is cancelled). Null (the default) hedges nothing.
    /// Hedges are retries: they count against <see cref="MaxAttempts"/> and the retry budget.
    /// </summary>
    public TimeSpan? HedgingDelay
    {
        get => _hedgingDelay;
        set => _hedgingDelay = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must be positive.");
    }
}
