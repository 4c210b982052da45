namespace SocketGen.Framing;

/// <summary>The flag bits of a frame header.</summary>
[Flags]
internal enum FrameFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Request or one-way frame: the payload starts with a uint32 deadline in milliseconds.</summary>
    HasDeadline = 1,
}
