using System.Net;
using SocketGen.Balancing;

namespace SocketGen.Rpc;

/// <summary>
/// A balanced <see cref="RpcConnection"/>: the generated client keeps calling one connection object, which hands
/// every call to <see cref="BalancedCalls"/> (a connection per server, picking, retries) instead of its own transport.
/// </summary>
public sealed partial class RpcConnection
{
    private readonly BalancedCalls? _balanced;

    private RpcConnection(BalancedCalls balanced)
        : this(
            static _ => throw new InvalidOperationException("A balanced connection has no transport of its own."),
            null,
            new SocketClientOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan, CallTimeout = Timeout.InfiniteTimeSpan },
            callbacks: null)
    {
        _balanced = balanced;
    }

    /// <summary>
    /// A connection that spreads calls over the servers <paramref name="balancing"/> resolves: a connection per
    /// server, made on the first call and remade with backoff; idempotent methods of <paramref name="contract"/>
    /// are retried on another server when a connection fails.
    /// </summary>
    /// <param name="balancing">The resolver, the policy and the retry settings.</param>
    /// <param name="options">Settings of every server's connection and of every call; null for the defaults. <see cref="SocketClientOptions.Reconnect"/> is not used: the balancer reconnects.</param>
    /// <param name="contract">The contract's methods (the generated <c>XCodecs.Contract</c>), for idempotency.</param>
    /// <returns>The connection; nothing is connected until the first call.</returns>
    public static RpcConnection Balance(BalancingOptions balancing, SocketClientOptions? options, RpcContractDescription contract)
    {
        ArgumentNullException.ThrowIfNull(balancing);
        ArgumentNullException.ThrowIfNull(contract);
        return new RpcConnection(new BalancedCalls(balancing, options, contract));
    }

    /// <summary>The balancer of a balanced connection, or null; for tests.</summary>
    internal BalancedCalls? Balancer => _balanced;

    /// <summary>Connects one server of a balancer: <paramref name="host"/> is the name its TLS certificate carries.</summary>
    internal static ValueTask<RpcConnection> ConnectServerOfBalancerAsync(EndPoint endPoint, string? host, SocketClientOptions options, CancellationToken cancellationToken) =>
        ConnectCoreAsync(ct => RpcTransport.ConnectAsync(endPoint, ct), host, options, callbacks: null, cancellationToken);
}
