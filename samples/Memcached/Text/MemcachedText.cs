using SocketGen.Protocols;

namespace Memcached.Text;

// memcached's text protocol (protocol.txt in the memcached sources), declared: a command line of space-separated
// tokens, and for the storage commands a data block whose length the <bytes> token gives. [SelfDelimited] because
// the data block may contain "\r\n": the line is framed by its delimiter, the block by its length token.

/// <summary>The memcached text protocol.</summary>
[WireProtocol(typeof(ITextCommand), typeof(ITextReply), MaxFrameLength = 2 * 1024 * 1024)]
[SelfDelimited(Delimiter = "\r\n")]
public sealed partial class MemcachedText;

/// <summary>A command a client sends.</summary>
[MessageUnion(typeof(GetCommand), typeof(GetsCommand), typeof(SetCommand), typeof(AddCommand), typeof(ReplaceCommand),
    typeof(AppendCommand), typeof(PrependCommand), typeof(CasCommand), typeof(DeleteCommand), typeof(IncrCommand),
    typeof(DecrCommand), typeof(TouchCommand), typeof(FlushAllCommand), typeof(VersionCommand), typeof(VerbosityCommand),
    typeof(QuitCommand), typeof(StatsCommand))]
public interface ITextCommand;

/// <summary><c>get &lt;key&gt;*</c>: one VALUE per key found, then END.</summary>
[TextLayout("get")]
public sealed class GetCommand : ITextCommand
{
    public string[] Keys { get; set; } = [];
}

/// <summary><c>gets &lt;key&gt;*</c>: as get, with each value's CAS unique.</summary>
[TextLayout("gets")]
public sealed class GetsCommand : ITextCommand
{
    public string[] Keys { get; set; } = [];
}

/// <summary>The tokens every storage command shares, and its data block.</summary>
public abstract class StorageCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public uint Flags { get; set; }

    public long ExpirationTime { get; set; }

    public int Bytes { get; set; }

    /// <summary>"noreply" when the client wants no answer.</summary>
    public string? NoReply { get; set; }

    [DataBlock(nameof(Bytes))]
    public byte[] Data { get; set; } = [];
}

/// <summary><c>set</c>: store.</summary>
[TextLayout("set")]
public sealed class SetCommand : StorageCommand;

/// <summary><c>add</c>: store only if absent.</summary>
[TextLayout("add")]
public sealed class AddCommand : StorageCommand;

/// <summary><c>replace</c>: store only if present.</summary>
[TextLayout("replace")]
public sealed class ReplaceCommand : StorageCommand;

/// <summary><c>append</c>: add the data after the stored value.</summary>
[TextLayout("append")]
public sealed class AppendCommand : StorageCommand;

/// <summary><c>prepend</c>: add the data before the stored value.</summary>
[TextLayout("prepend")]
public sealed class PrependCommand : StorageCommand;

/// <summary><c>cas &lt;key&gt; &lt;flags&gt; &lt;exptime&gt; &lt;bytes&gt; &lt;cas unique&gt; [noreply]</c>: store only if unchanged since read.</summary>
[TextLayout("cas")]
public sealed class CasCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public uint Flags { get; set; }

    public long ExpirationTime { get; set; }

    public int Bytes { get; set; }

    public ulong CasUnique { get; set; }

    public string? NoReply { get; set; }

    [DataBlock(nameof(Bytes))]
    public byte[] Data { get; set; } = [];
}

/// <summary><c>delete &lt;key&gt; [noreply]</c>.</summary>
[TextLayout("delete")]
public sealed class DeleteCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public string? NoReply { get; set; }
}

/// <summary><c>incr &lt;key&gt; &lt;value&gt; [noreply]</c>.</summary>
[TextLayout("incr")]
public sealed class IncrCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public ulong Value { get; set; }

    public string? NoReply { get; set; }
}

/// <summary><c>decr &lt;key&gt; &lt;value&gt; [noreply]</c>.</summary>
[TextLayout("decr")]
public sealed class DecrCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public ulong Value { get; set; }

    public string? NoReply { get; set; }
}

/// <summary><c>touch &lt;key&gt; &lt;exptime&gt; [noreply]</c>.</summary>
[TextLayout("touch")]
public sealed class TouchCommand : ITextCommand
{
    public string Key { get; set; } = "";

    public long ExpirationTime { get; set; }

    public string? NoReply { get; set; }
}

/// <summary><c>flush_all [delay] [noreply]</c>: the arguments are kept as tokens, as either may come alone.</summary>
[TextLayout("flush_all")]
public sealed class FlushAllCommand : ITextCommand
{
    public string[] Arguments { get; set; } = [];
}

/// <summary><c>version</c> (memcached 1.6 ignores any arguments).</summary>
[TextLayout("version")]
public sealed class VersionCommand : ITextCommand
{
    public string[] Arguments { get; set; } = [];
}

/// <summary><c>verbosity &lt;level&gt; [noreply]</c>; kept as tokens, as memcached 1.6 reads them loosely.</summary>
[TextLayout("verbosity")]
public sealed class VerbosityCommand : ITextCommand
{
    public string[] Arguments { get; set; } = [];
}

/// <summary><c>quit</c>: the server closes the connection.</summary>
[TextLayout("quit")]
public sealed class QuitCommand : ITextCommand;

/// <summary><c>stats [group]</c>.</summary>
[TextLayout("stats")]
public sealed class StatsCommand : ITextCommand
{
    public string[] Arguments { get; set; } = [];
}

/// <summary>A line the server sends.</summary>
[MessageUnion(typeof(ValueReply), typeof(EndReply), typeof(StoredReply), typeof(NotStoredReply), typeof(ExistsReply),
    typeof(NotFoundReply), typeof(DeletedReply), typeof(TouchedReply), typeof(OkReply), typeof(ErrorReply),
    typeof(ClientErrorReply), typeof(ServerErrorReply), typeof(VersionReply), typeof(StatReply), typeof(NumberReply))]
public interface ITextReply;

/// <summary><c>VALUE &lt;key&gt; &lt;flags&gt; &lt;bytes&gt; [&lt;cas unique&gt;]</c> and the data block.</summary>
[TextLayout("VALUE")]
public sealed class ValueReply : ITextReply
{
    public string Key { get; set; } = "";

    public uint Flags { get; set; }

    public int Bytes { get; set; }

    public ulong? CasUnique { get; set; }

    [DataBlock(nameof(Bytes))]
    public byte[] Data { get; set; } = [];
}

/// <summary><c>END</c>: the end of a get's values.</summary>
[TextLayout("END")]
public sealed class EndReply : ITextReply;

/// <summary><c>STORED</c>.</summary>
[TextLayout("STORED")]
public sealed class StoredReply : ITextReply;

/// <summary><c>NOT_STORED</c>.</summary>
[TextLayout("NOT_STORED")]
public sealed class NotStoredReply : ITextReply;

/// <summary><c>EXISTS</c>: a cas lost to another write.</summary>
[TextLayout("EXISTS")]
public sealed class ExistsReply : ITextReply;

/// <summary><c>NOT_FOUND</c>.</summary>
[TextLayout("NOT_FOUND")]
public sealed class NotFoundReply : ITextReply;

/// <summary><c>DELETED</c>.</summary>
[TextLayout("DELETED")]
public sealed class DeletedReply : ITextReply;

/// <summary><c>TOUCHED</c>.</summary>
[TextLayout("TOUCHED")]
public sealed class TouchedReply : ITextReply;

/// <summary><c>OK</c>.</summary>
[TextLayout("OK")]
public sealed class OkReply : ITextReply;

/// <summary><c>ERROR</c>: an unknown command.</summary>
[TextLayout("ERROR")]
public sealed class ErrorReply : ITextReply;

/// <summary><c>CLIENT_ERROR &lt;message&gt;</c>.</summary>
[TextLayout("CLIENT_ERROR")]
public sealed class ClientErrorReply : ITextReply
{
    [RestOfLine]
    public string Message { get; set; } = "";
}

/// <summary><c>SERVER_ERROR &lt;message&gt;</c>.</summary>
[TextLayout("SERVER_ERROR")]
public sealed class ServerErrorReply : ITextReply
{
    [RestOfLine]
    public string Message { get; set; } = "";
}

/// <summary><c>VERSION &lt;version&gt;</c>.</summary>
[TextLayout("VERSION")]
public sealed class VersionReply : ITextReply
{
    [RestOfLine]
    public string Version { get; set; } = "";
}

/// <summary><c>STAT &lt;name&gt; &lt;value&gt;</c>.</summary>
[TextLayout("STAT")]
public sealed class StatReply : ITextReply
{
    public string Name { get; set; } = "";

    [RestOfLine]
    public string Value { get; set; } = "";
}

/// <summary>A bare number: the value after incr or decr.</summary>
[TextLayout]
public sealed class NumberReply : ITextReply
{
    public ulong Value { get; set; }
}
