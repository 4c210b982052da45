using System.Buffers;

namespace SocketGen.Benchmarks.Framing;

/// <summary>
/// Builds a multi-segment <see cref="ReadOnlySequence{T}"/> out of contiguous bytes, the shape a Pipe hands a
/// read loop when data arrived over several reads: each segment is its own array, and frames that cross a
/// segment boundary have to be read through the sequence.
/// </summary>
internal static class SegmentedBuffer
{
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> bytes, int segmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentSize);
        if (bytes.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        int firstLength = Math.Min(segmentSize, bytes.Length);
        var first = new Segment(bytes[..firstLength].ToArray(), 0);
        Segment last = first;
        for (int offset = firstLength; offset < bytes.Length; offset += segmentSize)
        {
            int length = Math.Min(segmentSize, bytes.Length - offset);
            last = last.Append(bytes.Slice(offset, length).ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
