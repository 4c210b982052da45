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
}
