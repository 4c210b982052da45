using System.ComponentModel;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// Routes a contract's calls to its implementation. The source generator writes one per contract; the
/// server engine calls it for every request and one-way frame.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RpcDispatcher
{
    /// <summary>The contract's name, for logs and error messages.</summary>
    public abstract string ContractName { get; }

    /// <summary>
    /// True when the contract names callbacks its clients implement (wire 1.2): the server's connections then
    /// also make calls, to the clients that registered them.
    /// </summary>
    public virtual bool HasCallbacks => false;

    /// <summary>The contract's methods (the generator's <c>XCodecs.Contract</c>); null for a dispatcher written by hand without one.</summary>
    public virtual RpcContractDescription? Contract => null;

    /// <summary>How the method with this id is called, or <see cref="RpcMethodKind.Unknown"/> when there is none.</summary>
    /// <param name="methodId">The method id from the frame header.</param>
    /// <returns>The method's kind.</returns>
    public abstract RpcMethodKind GetMethodKind(uint methodId);

    /// <summary>The method's name, for errors, logs and metrics; null when there is no such method.</summary>
    /// <param name="methodId">The method id from the frame header.</param>
    /// <returns>The name, or null.</returns>
    public abstract string? GetMethodName(uint methodId);

    /// <summary>
    /// The encoder of a fault the method declares (<see cref="FaultAttribute"/>) for an exception of exactly this
    /// type, or null: the error frame then carries no fault data.
    /// </summary>
    /// <param name="methodId">The method id of the failed call.</param>
    /// <param name="exceptionType">The exact type of the exception the method threw.</param>
    /// <returns>The encoder, or null.</returns>
    public virtual WireEncoder<Exception>? GetFaultEncoder(uint methodId, Type exceptionType) => null;

    /// <summary>
    /// Reads the arguments synchronously (the frame is released when this returns), starts the user's method
    /// and hands its task to <paramref name="call"/> with one of its Complete methods, returning what that
    /// returns. Never called for an id whose kind is <see cref="RpcMethodKind.Unknown"/>.
    /// </summary>
    /// <param name="methodId">The method id from the frame header.</param>
    /// <param name="args">The arguments' payload.</param>
    /// <param name="call">The call, which writes the result.</param>
    /// <returns>A task that completes when the result or error has been written.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The parameter name is part of the generated-code contract (docs/internals/generated-code-api.md).")]
    public abstract ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call);
}
