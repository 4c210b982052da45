using System.Buffers;
using System.Runtime.CompilerServices;

namespace SocketGen.Framing;

/// <summary>
/// The bytes a connection has received and not yet handled, kept in one contiguous pooled array so every
/// frame is parsed and decoded in place: no frame straddles buffers and no payload is copied to be read.
/// The array grows while a large frame arrives (at most doubling per step, so memory follows the bytes a
/// peer actually sent, not the length it claims) and can be given back to the pool while the connection
/// is idle. <see cref="ReceiveAsync"/> does all of that around one receive from the transport.
/// </summary>
internal sealed class FrameReceiveBuffer
{
    /// <summary>The size of a fresh array.</summary>
    public const int InitialSize = 16 * 1024;

    // A read offers at least this much room, so small frames do not cost one receive each.
    private const int MinimumReadSize = 2 * 1024;

    // A receive that fills all the room offered means more was waiting: the array doubles, up to this
    // size, so a busy connection takes a burst of pipelined frames in one receive (and answers it in one send).
    private const int MaxBurstSize = 128 * 1024;

    // A read into a frame at least this large stops at the frame's end: the next frame then starts at the
    // front of the array, and a large partial frame is never moved to make room.
    private const int LargeFrameSize = 64 * 1024;

    private byte[]? _array;
    private int _start;
    private int _end;

    // The most bytes this array held at once; the next array after an idle release starts that big, so a
    // connection carrying large frames does not regrow (and recopy) its buffer for every burst.
    private int _highWater;
    private int _nextSize = InitialSize;
    private bool _lastReceiveFilled;
    private bool _dataWasWaiting;

    /// <summary>True when no received byte is waiting to be handled.</summary>
    public bool IsEmpty => _start == _end;

    /// <summary>
    /// True when the owner should wait for data with a zero-byte read and no array before receiving: the
    /// buffer is empty, and the last receive found no data waiting (or the array is large). A connection
    /// whose data keeps arriving before it is asked for (pipelined calls) reads straight into its array and
    /// saves that extra receive per read; one that goes quiet right after such a burst holds at most a small
    /// array until its next bytes arrive.
    /// </summary>
    public bool ShouldWaitWithoutArray => IsEmpty && !(_dataWasWaiting && _array is not null && _array.Length <= 2 * InitialSize);

    /// <summary>The received bytes not handled yet.</summary>
    public int Length => _end - _start;

    /// <summary>The received bytes not handled yet.</summary>
    public ReadOnlySpan<byte> Data => _array is null ? default : _array.AsSpan(_start, _end - _start);

    /// <summary>The received bytes not handled yet.</summary>
    public ReadOnlyMemory<byte> Memory => _array is null ? default : _array.AsMemory(_start, _end - _start);

    /// <summary>
    /// Receives more bytes from <paramref name="stream"/> after those held: with a zero-byte wait and no array
    /// first when <see cref="ShouldWaitWithoutArray"/>, then into the room <see cref="GetReceiveMemory"/> gives.
    /// </summary>
    /// <param name="stream">The transport.</param>
    /// <param name="frameLength">The whole length of the incomplete frame at the front when its header has arrived; else 0.</param>
    /// <param name="cancellationToken">Cancels the receive (the connection is being aborted).</param>
    /// <returns>The bytes received; 0 at the end of the stream.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(Stream stream, int frameLength, CancellationToken cancellationToken)
    {
        bool dataWasWaiting = true;
        if (ShouldWaitWithoutArray)
        {
            ReleaseIfEmpty();
            ValueTask<int> wait = stream.ReadAsync(Memory<byte>.Empty, cancellationToken);
            dataWasWaiting = wait.IsCompleted;
            await wait.ConfigureAwait(false);
        }

        ValueTask<int> receive = stream.ReadAsync(GetReceiveMemory(frameLength), cancellationToken);
        dataWasWaiting &= receive.IsCompleted;
        int received = await receive.ConfigureAwait(false);
        Advance(received, dataWasWaiting);
        return received;
    }

    /// <summary>Marks <paramref name="count"/> bytes at the front as handled.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
    }

    /// <summary>
    /// Room to receive into, after the bytes already held. <paramref name="frameLength"/> is the whole length
    /// of the incomplete frame at the front when its header has arrived (0 when not known): the room offered
    /// grows toward it, doubling at most, so one receive can often take the rest of the frame.
    /// </summary>
    public Memory<byte> GetReceiveMemory(int frameLength)
    {
        _array ??= ArrayPool<byte>.Shared.Rent(_nextSize);
        int used = _end - _start;
        if (_lastReceiveFilled && _array.Length < MaxBurstSize)
        {
            _lastReceiveFilled = false;
            Grow(Math.Max(_array.Length * 2, used + MinimumReadSize));
        }

        int wanted = frameLength > used ? frameLength - used : MinimumReadSize;
        if (_array.Length - _end >= wanted)
        {
            return frameLength >= LargeFrameSize ? _array.AsMemory(_end, wanted) : _array.AsMemory(_end);
        }

        if (_start > 0)
        {
            // Move the unfinished frame to the front to make room behind it.
            _array.AsSpan(_start, used).CopyTo(_array);
            _start = 0;
            _end = used;
        }

        if (_array.Length - _end < wanted)
        {
            // Grow by at most what is already held (or the initial size), so a peer that claims a huge frame
            // and sends it slowly makes the buffer grow only as fast as its bytes arrive.
            Grow(used + Math.Min(wanted, Math.Max(used, InitialSize)));
        }

        int room = _array.Length - _end;
        return frameLength >= LargeFrameSize && room > wanted ? _array.AsMemory(_end, wanted) : _array.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were received into the memory <see cref="GetReceiveMemory"/> gave.</summary>
    /// <param name="count">The bytes received.</param>
    /// <param name="dataWasWaiting">True when the receive (or the zero-byte read before it) completed at once: the data was there before it was asked for.</param>
    public void Advance(int count, bool dataWasWaiting)
    {
        _dataWasWaiting = dataWasWaiting;
        _lastReceiveFilled = _array is not null && _end + count == _array.Length;
        _end += count;
        _highWater = Math.Max(_highWater, _end - _start);
    }

    /// <summary>Gives the array back to the pool when it holds nothing, so an idle connection holds no buffer.</summary>
    public void ReleaseIfEmpty()
    {
        if (_array is not null && IsEmpty)
        {
            _nextSize = Math.Max(InitialSize, _highWater);
            ReturnArray();
        }
    }

    /// <summary>Gives the array back to the pool, whatever it holds (the connection is closing).</summary>
    public void Release()
    {
        _start = 0;
        _end = 0;
        ReturnArray();
    }

    private void Grow(int size)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(size);
        int used = _end - _start;
        _array.AsSpan(_start, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array!);
        _array = larger;
        _start = 0;
        _end = used;
    }

    private void ReturnArray()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }

        _highWater = 0;
        _lastReceiveFilled = false;
        _dataWasWaiting = false;
    }
}
