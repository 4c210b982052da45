using System.Text;

namespace SocketGen.Generators.Emitting;

/// <summary>
/// Builds C# text line by line with four-space indentation and <c>\n</c> line endings, so the output is
/// the same on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line carries no indentation).</summary>
    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void Open()
    {
        Line("{");
        _indent++;
    }

    /// <summary>Outdents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Indents the lines written until the returned scope is disposed, without braces.</summary>
    public IDisposable Indent()
    {
        _indent++;
        return new Outdent(this);
    }

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();

    private sealed class Outdent(SourceWriter writer) : IDisposable
    {
        public void Dispose() => writer._indent--;
    }
}
