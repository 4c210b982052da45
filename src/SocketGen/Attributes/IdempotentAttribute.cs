namespace SocketGen;

/// <summary>
/// Marks a contract method as idempotent: running it twice has the same effect as running it once. A balanced
/// client (see <see cref="Balancing.BalancingOptions"/>) retries such a call on another server when its
/// connection failed after the call was sent, and may hedge it; a call without this mark is retried only when
/// the server certainly never started it (<see cref="CallNotStartedException"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}
