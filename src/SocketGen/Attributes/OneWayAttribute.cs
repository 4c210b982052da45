namespace SocketGen;

/// <summary>
/// Marks a contract method as one-way: the client sends the call and does not wait for the server to
/// run it; no result, error or acknowledgement comes back. The method must return
/// <see cref="System.Threading.Tasks.Task"/> or <see cref="System.Threading.Tasks.ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OneWayAttribute : Attribute
{
}
