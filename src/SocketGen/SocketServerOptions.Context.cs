namespace SocketGen;

/// <summary>Call metadata and server-to-client calls.</summary>
public sealed partial class SocketServerOptions
{
    private int _maxCallMetadataBytes = 8 * 1024;
    private TimeSpan _callbackTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most bytes of metadata one call may carry (default 8 KiB; keys and values with their length
    /// prefixes). A call over it is refused with <see cref="LimitExceededException"/> before it runs; the
    /// connection stays up.
    /// </summary>
    public int MaxCallMetadataBytes
    {
        get => _maxCallMetadataBytes;
        set => _maxCallMetadataBytes = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
    }

    /// <summary>
    /// The deadline of every call the server makes to a client's callbacks (default 30 seconds; infinite for
    /// none). A client that does not answer in time fails the call with <see cref="DeadlineExceededException"/>;
    /// a call made inside a served call is also bounded by that call's remaining time.
    /// </summary>
    public TimeSpan CallbackTimeout
    {
        get => _callbackTimeout;
        set => _callbackTimeout = PositiveOrInfinite(value);
    }
}
