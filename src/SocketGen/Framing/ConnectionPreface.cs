namespace SocketGen.Framing;

/// <summary>
/// The 8 bytes each side sends first: the magic "SGRP", the major and minor protocol version, and two
/// reserved zero bytes. Peers with different major versions cannot talk.
/// </summary>
internal static class ConnectionPreface
{
    public const int Size = 8;
    public const byte MajorVersion = 1;
    public const byte MinorVersion = 2;

    public static ReadOnlySpan<byte> Magic => "SGRP"u8;

    public static void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[4] = MajorVersion;
        destination[5] = MinorVersion;
        destination[6] = 0;
        destination[7] = 0;
    }

    /// <summary>
    /// Checks the preface at the start of <paramref name="received"/> as far as it has arrived, so a wrong magic
    /// is caught at its first wrong byte. Returns null while more bytes are needed, otherwise the error (or
    /// the empty string when the preface is good).
    /// </summary>
    public static string? Validate(ReadOnlySpan<byte> received)
    {
        int available = Math.Min(received.Length, Size);
        for (int i = 0; i < Math.Min(available, Magic.Length); i++)
        {
            if (received[i] != Magic[i])
            {
                return "the connection preface does not start with the SocketGen magic";
            }
        }

        if (available < Size)
        {
            return null;
        }

        if (received[4] != MajorVersion)
        {
            return $"the peer speaks protocol version {received[4]}.{received[5]}; this side speaks {MajorVersion}.{MinorVersion}";
        }

        return string.Empty;
    }
}
