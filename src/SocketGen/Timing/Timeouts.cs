namespace SocketGen.Timing;

/// <summary>
/// Turns the <see cref="TimeSpan"/> values the options accept into what timers and the wire can carry.
/// Options accept any positive span (or <see cref="Timeout.InfiniteTimeSpan"/>), but .NET timers refuse
/// delays above <c>uint.MaxValue - 1</c> milliseconds (49.7 days) and the deadline field is a <c>u32</c>
/// of milliseconds; without this, a long timeout failed every call or connect instead of never firing.
/// </summary>
internal static class Timeouts
{
    /// <summary>The longest delay a .NET timer accepts, in milliseconds (about 49.7 days).</summary>
    public const uint MaxTimerMilliseconds = uint.MaxValue - 1;

    /// <summary>The longest delay a .NET timer accepts.</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(MaxTimerMilliseconds);

    /// <summary>
    /// A delay for <c>CancelAfter</c>, <c>Task.Delay</c> or <c>WaitAsync</c>: the span itself, or infinite when it
    /// is longer than a timer can wait (a wait of 49.7 days or more never ends in practice).
    /// </summary>
    public static TimeSpan ForTimer(TimeSpan delay) => delay > MaxTimerDelay ? Timeout.InfiniteTimeSpan : delay;

    /// <summary>
    /// The deadline field a client sends for a call timeout: 0 for none (infinite), else the milliseconds,
    /// rounded up so that a positive sub-millisecond timeout still is one, and capped at what the server's timer can wait.
    /// </summary>
    public static uint DeadlineToWire(TimeSpan callTimeout)
    {
        if (callTimeout == Timeout.InfiniteTimeSpan || callTimeout <= TimeSpan.Zero)
        {
            return 0;
        }

        double milliseconds = Math.Ceiling(callTimeout.TotalMilliseconds);
        return milliseconds >= MaxTimerMilliseconds ? MaxTimerMilliseconds : Math.Max((uint)milliseconds, 1);
    }

    /// <summary>The delay after which a server cancels a call whose deadline field says <paramref name="milliseconds"/>; any u32 is accepted.</summary>
    public static TimeSpan DeadlineFromWire(uint milliseconds) => TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 1, MaxTimerMilliseconds));
}
