using SocketGen.Rpc;

namespace SocketGen.Interceptors;

/// <summary>
/// Sees every call a server runs (configure it in <see cref="SocketServerOptions.Interceptors"/>): when it starts and
/// how it ended — for logging, metrics and auditing. Refusing calls is the job of <see cref="SocketServerOptions.CallAuthorizer"/>,
/// which answers the client with a reason. Hooks run on the call's path: keep them short and non-throwing.
/// </summary>
public abstract class ServerCallInterceptor
{
    /// <summary>A call is about to run (its arguments are read).</summary>
    /// <param name="context">The call.</param>
    public virtual void OnCallStarting(ServerCallContext context)
    {
    }

    /// <summary>A call ended: its result or error was written (for a stream, its end).</summary>
    /// <param name="context">The call.</param>
    /// <param name="failure">The exception the method ended with, or null when it succeeded.</param>
    public virtual void OnCallCompleted(ServerCallContext context, Exception? failure)
    {
    }
}

/// <summary>What a server interceptor knows of a call; per-call metadata is to be added here with wire 1.2 (see <see cref="ClientCallContext"/>).</summary>
/// <param name="contract">The contract's name.</param>
/// <param name="method">The method's name.</param>
/// <param name="methodId">The method's wire id.</param>
/// <param name="cancellationToken">The handler's cancellation.</param>
public sealed class ServerCallContext(string contract, string method, uint methodId, CancellationToken cancellationToken)
{
    /// <summary>The contract's name.</summary>
    public string Contract { get; } = contract;

    /// <summary>The method's name.</summary>
    public string Method { get; } = method;

    /// <summary>The method's wire id.</summary>
    public uint MethodId { get; } = methodId;

    /// <summary>The handler's cancellation (client cancel, deadline, server stop).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>When the call started (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), to measure it.</summary>
    public long StartTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
}

/// <summary>Runs a server's interceptors around its dispatcher.</summary>
internal sealed class InterceptingDispatcher(RpcDispatcher inner, ServerCallInterceptor[] interceptors) : RpcDispatcher
{
    public override string ContractName => inner.ContractName;

    public override RpcContractDescription? Contract => inner.Contract;

    public override RpcMethodKind GetMethodKind(uint methodId) => inner.GetMethodKind(methodId);

    public override string? GetMethodName(uint methodId) => inner.GetMethodName(methodId);

    public override ValueTask DispatchAsync(uint methodId, ref Serialization.WireReader args, RpcServerCall call)
    {
        var context = new ServerCallContext(inner.ContractName, inner.GetMethodName(methodId) ?? "", methodId, call.CancellationToken);
        foreach (ServerCallInterceptor interceptor in interceptors)
        {
            interceptor.OnCallStarting(context);
        }

        ValueTask running;
        try
        {
            running = inner.DispatchAsync(methodId, ref args, call);
        }
        catch (Exception ex)
        {
            Complete(context, ex);
            throw;
        }

        if (running.IsCompletedSuccessfully)
        {
            Complete(context, call.Failure);
            return default;
        }

        return AwaitAsync(running, context, call);
    }

    private async ValueTask AwaitAsync(ValueTask running, ServerCallContext context, RpcServerCall call)
    {
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Complete(context, ex);
            throw;
        }

        Complete(context, call.Failure);
    }

    private void Complete(ServerCallContext context, Exception? error)
    {
        for (int i = interceptors.Length - 1; i >= 0; i--)
        {
            interceptors[i].OnCallCompleted(context, error);
        }
    }
}
