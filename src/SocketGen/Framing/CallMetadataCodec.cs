using System.Text;
using SocketGen.Serialization;

namespace SocketGen.Framing;

/// <summary>
/// The call metadata block of request and one-way frames (wire 1.2, flag <see cref="FrameFlags.HasMetadata"/>,
/// docs/wire-format.md §12.3): an <c>i32</c> byte length, then that many bytes of entries, each a key and a
/// value in the string encoding (neither null, keys non-empty and unique). The length lets a receiver check
/// its limit, and skip a block over it, before decoding anything.
/// </summary>
internal static class CallMetadataCodec
{
    /// <summary>No metadata: what a call without any sees.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(0, StringComparer.Ordinal);

    /// <summary>The bytes the entries take (the block without its length prefix).</summary>
    public static int EntriesLength(IEnumerable<KeyValuePair<string, string>> entries)
    {
        long length = 0;
        foreach (KeyValuePair<string, string> entry in entries)
        {
            length += 8 + Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value);
        }

        return length > int.MaxValue ? int.MaxValue : (int)length;
    }

    /// <summary>Writes one entry.</summary>
    public static void WriteEntry(ref WireWriter writer, string key, string value)
    {
        writer.WriteString(key);
        writer.WriteString(value);
    }

    /// <summary>Reads the block; over <paramref name="maxBytes"/> it is skipped and the call refused.</summary>
    /// <exception cref="LimitExceededException">The block is larger than <paramref name="maxBytes"/>; the frame was well formed.</exception>
    /// <exception cref="ProtocolViolationException">The block is malformed: a length past the frame, a null or empty key, a null value, a key given twice, invalid UTF-8.</exception>
    public static IReadOnlyDictionary<string, string> Read(ref WireReader reader, int maxBytes)
    {
        ReadOnlySpan<byte> block = reader.ReadBytesSpan();
        if (block.Length > maxBytes)
        {
            throw new LimitExceededException($"The call's metadata takes {block.Length} bytes; this side accepts at most {maxBytes}.");
        }

        if (block.IsEmpty)
        {
            return Empty;
        }

        var entries = new WireReader(block);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (entries.BytesRemaining > 0)
        {
            string? key = entries.ReadString();
            string? value = entries.ReadString();
            if (string.IsNullOrEmpty(key) || value is null)
            {
                throw new ProtocolViolationException("A call metadata entry has a null or empty key, or a null value.");
            }

            if (!metadata.TryAdd(key, value))
            {
                throw new ProtocolViolationException($"The call metadata gives the key '{key}' twice.");
            }
        }

        return metadata;
    }
}
