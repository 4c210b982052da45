namespace SocketGen;

/// <summary>
/// The call a method is serving: who called (<see cref="Connection"/>), the metadata the caller sent, the
/// call's deadline and cancellation. Inside a server method (or a client's callback method) it is
/// <see cref="Current"/>; elsewhere <see cref="Current"/> is null.
/// </summary>
/// <remarks>
/// <para>
/// The context is ambient (an <see cref="AsyncLocal{T}"/>, as <see cref="System.Diagnostics.Activity.Current"/>
/// is) rather than a parameter, so contracts stay plain interfaces that the client implements too, and so a
/// SocketGen call made from inside a method can inherit the method's deadline without being handed anything:
/// the outgoing call's deadline is the earlier of its own and the time this call has left.
/// </para>
/// <para>
/// A context belongs to one call. Work the method starts and leaves running (a timer, a task not awaited)
/// still sees it, but once the call has completed its deadline is no longer passed on.
/// </para>
/// </remarks>
public sealed class SocketCallContext
{
    private static readonly AsyncLocal<SocketCallContext?> s_current = new();
    private bool _completed;

    internal SocketCallContext(SocketConnectionContext connection, string methodName, IReadOnlyDictionary<string, string> metadata, long deadlineAt, CancellationToken cancellationToken)
    {
        Connection = connection;
        MethodName = methodName;
        Metadata = metadata;
        DeadlineAt = deadlineAt;
        CancellationToken = cancellationToken;
    }

    /// <summary>The call being served on this flow of execution; null outside a served call.</summary>
    public static SocketCallContext? Current => s_current.Value;

    /// <summary>The connection the call arrived on: the caller's identity, its state, its callbacks and its lifetime.</summary>
    public SocketConnectionContext Connection { get; }

    /// <summary>The contract's name (namespace-qualified) of the method being served.</summary>
    public string ContractName => Connection.ContractName;

    /// <summary>The name of the method being served.</summary>
    public string MethodName { get; }

    /// <summary>
    /// The metadata the caller sent with this call (its client's defaults and the call's own; keys are
    /// case-sensitive); empty when it sent none. The server bounds its size
    /// (<see cref="SocketServerOptions.MaxCallMetadataBytes"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>When the caller stops waiting (UTC), or null when the call has no deadline.</summary>
    public DateTime? Deadline => DeadlineAt == 0 ? null : DateTime.UtcNow + TimeSpan.FromMilliseconds(Math.Max(0, DeadlineAt - Environment.TickCount64));

    /// <summary>Cancelled when the caller cancels, the deadline passes, or the server stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>When the deadline passes, in <see cref="Environment.TickCount64"/> milliseconds; 0 for none.</summary>
    internal long DeadlineAt { get; }

    /// <summary>True once the call has been answered: its deadline is no longer passed on.</summary>
    internal bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>The deadline an outgoing call started now inherits, in milliseconds (at least 1); 0 for none.</summary>
    internal static uint InheritedDeadlineMilliseconds()
    {
        SocketCallContext? current = s_current.Value;
        if (current is null || current.DeadlineAt == 0 || current.IsCompleted)
        {
            return 0;
        }

        long left = current.DeadlineAt - Environment.TickCount64;
        return left <= 0 ? 1 : (uint)Math.Min(left, Timing.Timeouts.MaxTimerMilliseconds);
    }

    /// <summary>Makes <paramref name="context"/> current; returns the one it replaced, for <see cref="Restore"/>.</summary>
    internal static SocketCallContext? Enter(SocketCallContext context)
    {
        SocketCallContext? previous = s_current.Value;
        s_current.Value = context;
        return previous;
    }

    /// <summary>Puts back the context <see cref="Enter"/> replaced.</summary>
    internal static void Restore(SocketCallContext? previous)
    {
        s_current.Value = previous;
    }

    internal void Complete() => Volatile.Write(ref _completed, true);

    /// <inheritdoc/>
    public override string ToString() => $"{ContractName}.{MethodName} on {Connection}";
}
