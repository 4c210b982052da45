using System.Buffers;
using SocketGen.Framing;

namespace SocketGen.Rpc;

/// <summary>
/// A request that arrived while its connection was at its concurrency limit: its frame, copied out of the
/// receive buffer into a pooled array, waits in the connection's queue (bounded in calls and bytes) until a
/// running call finishes and hands it its slot. Cancel and credit frames that arrive for it meanwhile are
/// kept here and applied when it starts.
/// </summary>
internal sealed class WaitingCall
{
    private byte[]? _payload;

    public WaitingCall(in FrameHeader header, ReadOnlySpan<byte> payload, RpcMethodKind kind)
    {
        Header = header;
        Kind = kind;
        _payload = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(_payload);
    }

    public FrameHeader Header { get; }

    public RpcMethodKind Kind { get; }

    public int PayloadLength => Header.PayloadLength;

    public ReadOnlySpan<byte> Payload => _payload.AsSpan(0, Header.PayloadLength);

    /// <summary>True once a cancel frame arrived for it: it is dropped instead of started.</summary>
    public bool IsCancelled { get; set; }

    /// <summary>Stream credit in items granted before it started.</summary>
    public uint Credit { get; private set; }

    /// <summary>Stream credit in bytes granted before it started; null while no credit frame carried bytes.</summary>
    public uint? CreditBytes { get; private set; }

    /// <summary>Adds credit, clamped to <paramref name="maxCredit"/> items as a running call's is.</summary>
    /// <exception cref="ProtocolViolationException">The credit grants nothing.</exception>
    public void AddCredit(uint items, uint? bytes, int maxCredit)
    {
        if (items == 0 && bytes is null or 0)
        {
            throw new ProtocolViolationException("A stream credit that grants nothing is not valid.");
        }

        Credit = (uint)Math.Min((ulong)Credit + items, (ulong)Math.Max(0, maxCredit));
        if (bytes is { } granted)
        {
            CreditBytes = (uint)Math.Min((ulong)(CreditBytes ?? 0) + granted, uint.MaxValue);
        }
    }

    /// <summary>Gives the payload's array back to the pool; once, when the call started or was dropped.</summary>
    public void Release()
    {
        byte[]? payload = Interlocked.Exchange(ref _payload, null);
        if (payload is not null)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }
}
