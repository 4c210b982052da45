namespace SocketGen;

/// <summary>
/// Marks an interface as a socket endpoint contract. The SocketGen source generator writes a typed
/// client (<c>XClient</c> for <c>IX</c>), a server (<c>XServer</c>) and the message codecs for it at
/// compile time.
/// </summary>
/// <remarks>
/// Every method returns <see cref="System.Threading.Tasks.Task"/>, <see cref="System.Threading.Tasks.Task{TResult}"/>,
/// <see cref="System.Threading.Tasks.ValueTask"/>, <see cref="System.Threading.Tasks.ValueTask{TResult}"/> or
/// <see cref="System.Collections.Generic.IAsyncEnumerable{T}"/>, and may take a trailing
/// <see cref="System.Threading.CancellationToken"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class SocketContractAttribute : Attribute
{
    /// <summary>
    /// The interface the contract's clients implement, for calls the server makes to them (wire 1.2): one-way
    /// notifications and awaited calls with results. The client passes an implementation when it connects
    /// (<c>XClient.ConnectAsync(endPoint, callbacks)</c>); a server method reaches the calling client with
    /// <c>XServer.Caller</c>, and any client with <c>XServer.GetClient(connection)</c>.
    /// </summary>
    public Type? Callbacks { get; set; }
}
