using System.Text;
using Memcached.Text;
using SocketGen.Protocols;

namespace Memcached.Server;

/// <summary>Answers the text protocol's commands from the store, as memcached does.</summary>
public sealed class TextCommandHandler(MemcachedStore store)
{
    private static readonly EndReply End = new();
    private static readonly StoredReply Stored = new();
    private static readonly NotStoredReply NotStored = new();
    private static readonly ExistsReply Exists = new();
    private static readonly NotFoundReply NotFound = new();
    private static readonly DeletedReply Deleted = new();
    private static readonly TouchedReply Touched = new();
    private static readonly OkReply Ok = new();
    private static readonly ErrorReply Error = new();

    /// <summary>Answers a line that is no command, or a command with bad arguments, with ERROR, as memcached does.</summary>
    public ValueTask HandleMalformedAsync(SocketGen.ProtocolViolationException error, ProtocolServerConnection<MemcachedText, ITextCommand, ITextReply> connection)
    {
        connection.Write(Error);
        return default;
    }

    /// <summary>Handles one command; replies are flushed when the connection waits for more commands.</summary>
    public ValueTask HandleAsync(ITextCommand command, ProtocolServerConnection<MemcachedText, ITextCommand, ITextReply> connection)
    {
        switch (command)
        {
            case GetCommand { Keys.Length: 0 } or GetsCommand { Keys.Length: 0 }:
                connection.Write(Error);
                break;
            case GetCommand get:
                WriteValues(connection, get.Keys, withCas: false);
                break;
            case GetsCommand gets:
                WriteValues(connection, gets.Keys, withCas: true);
                break;
            case StatsCommand stats when stats.Arguments.Length > 0:
                connection.Write(Error);
                break;
            case StorageCommand storage:
            {
                var mode = storage switch
                {
                    AddCommand => StoreMode.Add,
                    ReplaceCommand => StoreMode.Replace,
                    AppendCommand => StoreMode.Append,
                    PrependCommand => StoreMode.Prepend,
                    _ => StoreMode.Set,
                };
                var (result, _) = store.Store(mode, storage.Key, storage.Flags, storage.ExpirationTime, storage.Data);
                Reply(connection, storage.NoReply, result == StoreResult.Stored ? Stored : NotStored);
                break;
            }

            case CasCommand cas:
            {
                var (result, _) = store.Store(StoreMode.Cas, cas.Key, cas.Flags, cas.ExpirationTime, cas.Data, cas.CasUnique);
                Reply(connection, cas.NoReply, result switch
                {
                    StoreResult.Stored => Stored,
                    StoreResult.Exists => Exists,
                    StoreResult.NotFound => NotFound,
                    _ => NotStored,
                });
                break;
            }

            case DeleteCommand delete:
                Reply(connection, delete.NoReply, store.Delete(delete.Key) ? Deleted : NotFound);
                break;
            case IncrCommand incr:
                Count(connection, incr.Key, incr.Value, increment: true, incr.NoReply);
                break;
            case DecrCommand decr:
                Count(connection, decr.Key, decr.Value, increment: false, decr.NoReply);
                break;
            case TouchCommand touch:
                Reply(connection, touch.NoReply, store.Touch(touch.Key, touch.ExpirationTime) is null ? NotFound : Touched);
                break;
            case FlushAllCommand flush:
            {
                long delay = flush.Arguments.Length > 0 && long.TryParse(flush.Arguments[0], out long d) ? d : 0;
                store.Flush(delay);
                Reply(connection, flush.Arguments.Contains("noreply") ? "noreply" : null, Ok);
                break;
            }

            case VersionCommand:
                connection.Write(new VersionReply { Version = "1.6.0-socketgen" });
                break;
            case VerbosityCommand { Arguments: [.., "noreply"] }:
                break;
            case VerbosityCommand { Arguments: [var level] } when uint.TryParse(level, out _):
                connection.Write(Ok);
                break;
            case VerbosityCommand:
                connection.Write(Error);
                break;
            case StatsCommand:
                connection.Write(new StatReply { Name = "pid", Value = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                connection.Write(End);
                break;
            case QuitCommand:
                connection.Close();
                break;
        }

        return default;
    }

    private void WriteValues(ProtocolServerConnection<MemcachedText, ITextCommand, ITextReply> connection, string[] keys, bool withCas)
    {
        foreach (var key in keys)
        {
            if (store.Get(key) is { } item)
            {
                connection.Write(new ValueReply { Key = key, Flags = item.Flags, Bytes = item.Data.Length, CasUnique = withCas ? item.Cas : null, Data = item.Data });
            }
        }

        connection.Write(End);
    }

    private void Count(ProtocolServerConnection<MemcachedText, ITextCommand, ITextReply> connection, string key, ulong delta, bool increment, string? noReply)
    {
        var (result, value, _) = store.Count(key, delta, increment);
        Reply(connection, noReply, result switch
        {
            CounterResult.Done => new NumberReply { Value = value },
            CounterResult.NotFound => NotFound,
            _ => new ClientErrorReply { Message = "cannot increment or decrement non-numeric value" },
        });
    }

    /// <summary>Writes the reply unless the command ended with "noreply"; any other last token is an error.</summary>
    private static void Reply(ProtocolServerConnection<MemcachedText, ITextCommand, ITextReply> connection, string? noReply, ITextReply reply)
    {
        if (noReply is null)
        {
            connection.Write(reply);
        }
        else if (noReply != "noreply")
        {
            connection.Write(Error);
        }
    }
}
