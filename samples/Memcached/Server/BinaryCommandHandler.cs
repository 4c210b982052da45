using System.Buffers.Binary;
using System.Text;
using Memcached.Binary;
using SocketGen.Protocols;

namespace Memcached.Server;

/// <summary>Answers the binary protocol's requests from the store, as memcached does (quiet commands answer only errors).</summary>
public sealed class BinaryCommandHandler(MemcachedStore store)
{
    private const uint NoCreate = 0xffffffff;

    /// <summary>Handles one request; replies are flushed when the connection waits for more requests.</summary>
    public ValueTask HandleAsync(BinaryRequest request, ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection)
    {
        string key = Encoding.Latin1.GetString(request.Key);
        var op = request.Opcode;
        switch (op)
        {
            case Opcode.Get or Opcode.GetQ or Opcode.GetK or Opcode.GetKQ:
            {
                bool withKey = op is Opcode.GetK or Opcode.GetKQ;
                if (store.Get(key) is { } item)
                {
                    Send(connection, request, ResponseStatus.Success, item.Cas, new GetExtras { Flags = item.Flags }, withKey ? request.Key : [], item.Data);
                }
                else if (op is Opcode.Get or Opcode.GetK)
                {
                    Send(connection, request, ResponseStatus.KeyNotFound, 0, null, withKey ? request.Key : [], "Not found"u8.ToArray());
                }

                break;
            }

            case Opcode.Set or Opcode.SetQ or Opcode.Add or Opcode.AddQ or Opcode.Replace or Opcode.ReplaceQ:
            {
                if (request.Extras is not StorageExtras extras)
                {
                    Error(connection, request, ResponseStatus.InvalidArguments);
                    break;
                }

                var mode = op is Opcode.Add or Opcode.AddQ ? StoreMode.Add : op is Opcode.Replace or Opcode.ReplaceQ ? StoreMode.Replace : StoreMode.Set;
                if (mode != StoreMode.Set && request.Cas != 0)
                {
                    mode = StoreMode.Cas;
                }

                var (result, cas) = store.Store(mode, key, extras.Flags, extras.Expiration, request.Value, request.Cas);
                Stored(connection, request, result, cas, quiet: op is Opcode.SetQ or Opcode.AddQ or Opcode.ReplaceQ);
                break;
            }

            case Opcode.Append or Opcode.AppendQ or Opcode.Prepend or Opcode.PrependQ:
            {
                var mode = op is Opcode.Append or Opcode.AppendQ ? StoreMode.Append : StoreMode.Prepend;
                var (result, cas) = store.Store(mode, key, 0, 0, request.Value, request.Cas);
                Stored(connection, request, result, cas, quiet: op is Opcode.AppendQ or Opcode.PrependQ);
                break;
            }

            case Opcode.Delete or Opcode.DeleteQ:
                if (store.Delete(key, request.Cas))
                {
                    Success(connection, request, quiet: op == Opcode.DeleteQ);
                }
                else
                {
                    Error(connection, request, store.Get(key) is null ? ResponseStatus.KeyNotFound : ResponseStatus.KeyExists);
                }

                break;
            case Opcode.Increment or Opcode.IncrementQ or Opcode.Decrement or Opcode.DecrementQ:
            {
                if (request.Extras is not CounterExtras counter)
                {
                    Error(connection, request, ResponseStatus.InvalidArguments);
                    break;
                }

                bool increment = op is Opcode.Increment or Opcode.IncrementQ;
                ulong? initial = counter.Expiration == NoCreate ? null : counter.Initial;
                var (result, value, cas) = store.Count(key, counter.Delta, increment, initial, counter.Expiration);
                if (result == CounterResult.Done)
                {
                    if (op is Opcode.Increment or Opcode.Decrement)
                    {
                        var body = new byte[8];
                        BinaryPrimitives.WriteUInt64BigEndian(body, value);
                        Send(connection, request, ResponseStatus.Success, cas, null, [], body);
                    }
                }
                else
                {
                    Error(connection, request, result == CounterResult.NotFound ? ResponseStatus.KeyNotFound : ResponseStatus.NonNumericValue);
                }

                break;
            }

            case Opcode.Quit or Opcode.QuitQ:
                if (op == Opcode.Quit)
                {
                    Success(connection, request, quiet: false);
                }

                return QuitAsync(connection);
            case Opcode.Flush or Opcode.FlushQ:
                store.Flush(request.Extras is ExpirationExtras flush ? flush.Expiration : 0);
                Success(connection, request, quiet: op == Opcode.FlushQ);
                break;
            case Opcode.Noop or Opcode.Verbosity:
                Success(connection, request, quiet: false);
                break;
            case Opcode.Version:
                Send(connection, request, ResponseStatus.Success, 0, null, [], "1.6.0-socketgen"u8.ToArray());
                break;
            case Opcode.Stat:
                Send(connection, request, ResponseStatus.Success, 0, null, "pid"u8.ToArray(), Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Send(connection, request, ResponseStatus.Success, 0, null, [], []);
                break;
            case Opcode.Touch or Opcode.Gat or Opcode.GatQ:
            {
                uint expiration = request.Extras is ExpirationExtras touch ? touch.Expiration : 0;
                if (store.Touch(key, expiration) is { } item)
                {
                    if (op == Opcode.Touch)
                    {
                        Send(connection, request, ResponseStatus.Success, item.Cas, null, [], []);
                    }
                    else
                    {
                        Send(connection, request, ResponseStatus.Success, item.Cas, new GetExtras { Flags = item.Flags }, [], item.Data);
                    }
                }
                else if (op != Opcode.GatQ)
                {
                    Error(connection, request, ResponseStatus.KeyNotFound);
                }

                break;
            }

            default:
                Error(connection, request, ResponseStatus.UnknownCommand);
                break;
        }

        return default;
    }

    private static async ValueTask QuitAsync(ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection)
    {
        await connection.FlushAsync();
        connection.Close();
    }

    private static void Stored(ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection, BinaryRequest request, StoreResult result, ulong cas, bool quiet)
    {
        switch (result)
        {
            case StoreResult.Stored when !quiet:
                Send(connection, request, ResponseStatus.Success, cas, null, [], []);
                break;
            case StoreResult.Stored:
                break;
            case StoreResult.Exists:
                Error(connection, request, ResponseStatus.KeyExists);
                break;
            case StoreResult.NotFound:
                Error(connection, request, ResponseStatus.KeyNotFound);
                break;
            default:
                Error(connection, request, request.Opcode is Opcode.Add or Opcode.AddQ ? ResponseStatus.KeyExists
                    : request.Opcode is Opcode.Replace or Opcode.ReplaceQ ? ResponseStatus.KeyNotFound
                    : ResponseStatus.ItemNotStored);
                break;
        }
    }

    private static void Success(ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection, BinaryRequest request, bool quiet)
    {
        if (!quiet)
        {
            Send(connection, request, ResponseStatus.Success, 0, null, [], []);
        }
    }

    private static void Error(ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection, BinaryRequest request, ResponseStatus status) =>
        Send(connection, request, status, 0, null, [], Encoding.ASCII.GetBytes(status.ToString()));

    private static void Send(ProtocolServerConnection<MemcachedBinary, BinaryRequest, BinaryResponse> connection, BinaryRequest request, ResponseStatus status, ulong cas, IResponseExtras? extras, byte[] key, byte[] value) =>
        connection.Write(new BinaryResponse { Opcode = request.Opcode, Status = status, Opaque = request.Opaque, Cas = cas, Extras = extras, Key = key, Value = value });
}
