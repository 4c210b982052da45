using System.Buffers.Text;
using System.ComponentModel;
using System.Text;

namespace SocketGen.Protocols;

/// <summary>Reads a text message's space-separated tokens from its line (without the delimiter). Generated readers call it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct TextLineReader
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts at the line's first token.</summary>
    /// <param name="line">The line, without its delimiter.</param>
    public TextLineReader(ReadOnlySpan<byte> line)
    {
        _rest = line;
    }

    /// <summary>Whether another token follows.</summary>
    public readonly bool HasToken => _rest.TrimStart((byte)' ').Length > 0;

    /// <summary>The next token, which is then read.</summary>
    /// <param name="name">The member it is read for, named in the error.</param>
    /// <returns>The token's bytes.</returns>
    /// <exception cref="ProtocolViolationException">The line has no more tokens.</exception>
    public ReadOnlySpan<byte> NextToken(string name)
    {
        _rest = _rest.TrimStart((byte)' ');
        if (_rest.IsEmpty)
        {
            throw new ProtocolViolationException($"The line ends before its '{name}' token.");
        }

        int end = _rest.IndexOf((byte)' ');
        var token = end < 0 ? _rest : _rest.Slice(0, end);
        _rest = end < 0 ? default : _rest.Slice(end + 1);
        return token;
    }

    /// <summary>The rest of the line as it is (after one separator), which is then read.</summary>
    /// <returns>The text.</returns>
    public string RestOfLine()
    {
        string text = Encoding.UTF8.GetString(_rest);
        _rest = default;
        return text;
    }

    /// <summary>The next token as a string.</summary>
    /// <param name="name">The member it is read for.</param>
    /// <returns>The token.</returns>
    public string ReadString(string name) => Encoding.UTF8.GetString(NextToken(name));

    /// <summary>Every token left, as strings.</summary>
    /// <returns>The tokens.</returns>
    public string[] ReadAllStrings()
    {
        var tokens = new List<string>();
        while (HasToken)
        {
            tokens.Add(ReadString("rest"));
        }

        return tokens.ToArray();
    }

    /// <summary>The next token as a signed decimal integer.</summary>
    /// <param name="name">The member it is read for.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProtocolViolationException">The token is not a decimal integer.</exception>
    public long ReadInt64(string name)
    {
        var token = NextToken(name);
        if (!Utf8Parser.TryParse(token, out long value, out int consumed) || consumed != token.Length)
        {
            throw NotANumber(name, token);
        }

        return value;
    }

    /// <summary>The next token as an unsigned decimal integer.</summary>
    /// <param name="name">The member it is read for.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProtocolViolationException">The token is not an unsigned decimal integer.</exception>
    public ulong ReadUInt64(string name)
    {
        var token = NextToken(name);
        if (!Utf8Parser.TryParse(token, out ulong value, out int consumed) || consumed != token.Length)
        {
            throw NotANumber(name, token);
        }

        return value;
    }

    /// <summary>The next token as an unsigned decimal integer no larger than <paramref name="max"/>.</summary>
    /// <param name="name">The member it is read for.</param>
    /// <param name="max">The largest value the member holds.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProtocolViolationException">The token is not such an integer.</exception>
    public ulong ReadUInt64(string name, ulong max)
    {
        ulong value = ReadUInt64(name);
        return value <= max ? value : throw new ProtocolViolationException($"The '{name}' token {value} is larger than {max}.");
    }

    /// <summary>The next token as a signed decimal integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    /// <param name="name">The member it is read for.</param>
    /// <param name="min">The smallest value the member holds.</param>
    /// <param name="max">The largest value the member holds.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProtocolViolationException">The token is not such an integer.</exception>
    public long ReadInt64(string name, long min, long max)
    {
        long value = ReadInt64(name);
        return value >= min && value <= max ? value : throw new ProtocolViolationException($"The '{name}' token {value} is outside {min}..{max}.");
    }

    /// <summary>A data block of <paramref name="length"/> bytes at the start of <paramref name="after"/>, which must be followed by <paramref name="delimiter"/>.</summary>
    /// <param name="after">The bytes after the line's delimiter.</param>
    /// <param name="length">The block's length, from its token.</param>
    /// <param name="delimiter">What ends the block.</param>
    /// <returns>A copy of the block.</returns>
    /// <exception cref="ProtocolViolationException">The block is shorter, or not followed by the delimiter.</exception>
    public static byte[] ReadDataBlock(ReadOnlySpan<byte> after, long length, ReadOnlySpan<byte> delimiter)
    {
        if (length < 0 || after.Length < length + delimiter.Length || !after.Slice((int)length, delimiter.Length).SequenceEqual(delimiter))
        {
            throw new ProtocolViolationException($"The {length}-byte data block is not followed by the delimiter.");
        }

        return after.Slice(0, (int)length).ToArray();
    }

    /// <summary>The next token as an unsigned decimal integer no larger than <paramref name="max"/>, without throwing.</summary>
    /// <param name="max">The largest value accepted.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when there is no next token or it is not such an integer.</returns>
    public bool TryReadUInt64(ulong max, out ulong value)
    {
        value = 0;
        _rest = _rest.TrimStart((byte)' ');
        if (_rest.IsEmpty)
        {
            return false;
        }

        int end = _rest.IndexOf((byte)' ');
        var token = end < 0 ? _rest : _rest.Slice(0, end);
        _rest = end < 0 ? default : _rest.Slice(end + 1);
        return Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length && value <= max;
    }

    /// <summary>Fails when tokens are left over.</summary>
    /// <param name="message">The message type, named in the error.</param>
    /// <exception cref="ProtocolViolationException">Tokens are left.</exception>
    public readonly void EnsureEnd(string message)
    {
        if (HasToken)
        {
            throw new ProtocolViolationException($"The {message} line has more tokens than it declares: \"{Encoding.UTF8.GetString(_rest)}\".");
        }
    }

    private static ProtocolViolationException NotANumber(string name, ReadOnlySpan<byte> token) =>
        new($"The '{name}' token is not a decimal integer: \"{Encoding.UTF8.GetString(token)}\".");
}
