using SocketGen.Serialization;

namespace SocketGen.Framing;

/// <summary>
/// The metadata a call sends: the client's defaults, overridden key by key by the call's own. Written by the
/// frame writer as the block <see cref="CallMetadataCodec"/> describes, without merging into a new dictionary.
/// </summary>
internal readonly struct OutgoingMetadata
{
    private readonly KeyValuePair<string, string>[] _defaults;
    private readonly IReadOnlyDictionary<string, string>? _perCall;

    public OutgoingMetadata(KeyValuePair<string, string>[] defaults, IReadOnlyDictionary<string, string>? perCall)
    {
        _defaults = defaults;
        _perCall = perCall;
    }

    /// <summary>True when there is nothing to send (no flag, no block).</summary>
    public bool IsEmpty => _defaults.Length == 0 && (_perCall is null || _perCall.Count == 0);

    public void Write(ref WireWriter writer)
    {
        writer.WriteInt32(CallMetadataCodec.EntriesLength(Entries()));
        foreach (KeyValuePair<string, string> entry in Entries())
        {
            CallMetadataCodec.WriteEntry(ref writer, entry.Key, entry.Value);
        }
    }

    private IEnumerable<KeyValuePair<string, string>> Entries()
    {
        foreach (KeyValuePair<string, string> entry in _defaults)
        {
            if (_perCall is null || !_perCall.ContainsKey(entry.Key))
            {
                yield return entry;
            }
        }

        if (_perCall is not null)
        {
            foreach (KeyValuePair<string, string> entry in _perCall)
            {
                yield return entry;
            }
        }
    }

    /// <summary>Checks keys and values before anything is sent, so a bad entry fails the call locally.</summary>
    /// <exception cref="ArgumentException">A key is null or empty, or a value is null.</exception>
    public static void Validate(IEnumerable<KeyValuePair<string, string>> entries, string paramName)
    {
        foreach (KeyValuePair<string, string> entry in entries)
        {
            if (string.IsNullOrEmpty(entry.Key) || entry.Value is null)
            {
                throw new ArgumentException("Call metadata keys must be non-empty and values non-null.", paramName);
            }
        }
    }
}
