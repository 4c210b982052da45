namespace SocketGen.Framing;

/// <summary>The flag bits of a frame header.</summary>
[Flags]
internal enum FrameFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Request or one-way frame: the payload starts with a uint32 deadline in milliseconds.</summary>
    HasDeadline = 1,

    /// <summary>Request or one-way frame: the payload carries the caller's trace context after the deadline (protocol 1.1).</summary>
    HasTraceContext = 2,

    /// <summary>Request or one-way frame: the payload carries call metadata after the trace context (protocol 1.2).</summary>
    HasMetadata = 4,
}
