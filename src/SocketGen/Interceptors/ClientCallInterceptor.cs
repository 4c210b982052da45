using SocketGen.Rpc;

namespace SocketGen.Interceptors;

/// <summary>
/// Wraps every call a balanced client makes (configure it in <see cref="Balancing.BalancingOptions.Interceptors"/>):
/// it sees the contract and method, may act before the call (a token, a log line, a timer) and sees its outcome —
/// the result or the exception — after the retries. Interceptors run in the order given, the first outermost.
/// Typed and reflection-free: the result type is a generic parameter, so trimming and native AOT keep working.
/// </summary>
public abstract class ClientCallInterceptor
{
    /// <summary>Runs around one call; call <paramref name="continuation"/> exactly once to make it (or throw instead to refuse it).</summary>
    /// <typeparam name="TResult">The method's result type (<see cref="bool"/> for a method without one).</typeparam>
    /// <param name="context">The call's method and cancellation.</param>
    /// <param name="continuation">The rest of the pipeline and the call itself.</param>
    /// <returns>The call's result.</returns>
    public abstract ValueTask<TResult> InterceptAsync<TResult>(ClientCallContext context, Func<ClientCallContext, ValueTask<TResult>> continuation);
}

/// <summary>
/// What a client interceptor knows of a call. Per-call metadata (wire 1.2, another branch) is to be added here as
/// a property once it lands on main, so interceptors can attach and read it without a change of their signature.
/// </summary>
/// <param name="contract">The contract's name.</param>
/// <param name="method">The method, or null when the contract does not describe this id.</param>
/// <param name="methodId">The method's wire id.</param>
/// <param name="cancellationToken">The call's cancellation.</param>
public sealed class ClientCallContext(string contract, RpcMethodDescription? method, uint methodId, CancellationToken cancellationToken)
{
    /// <summary>The contract's name.</summary>
    public string Contract { get; } = contract;

    /// <summary>The method (name, kind, idempotency), or null when the contract does not describe this id.</summary>
    public RpcMethodDescription? Method { get; } = method;

    /// <summary>The method's wire id.</summary>
    public uint MethodId { get; } = methodId;

    /// <summary>The call's cancellation (the caller's token; the deadline is applied inside).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
