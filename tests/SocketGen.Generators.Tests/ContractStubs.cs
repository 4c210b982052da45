namespace SocketGen.Generators.Tests;

/// <summary>
/// Stand-ins for the runtime surface of docs/internals/generated-code-api.md, compiled beside generated
/// code while the real runtime is being written. Delete once src/SocketGen has these types.
/// </summary>
internal static class ContractStubs
{
    public const string Source = """
        #nullable enable
        namespace SocketGen
        {
            public sealed class SocketClientOptions { }
            public sealed class SocketServerOptions { }
            public sealed class SocketServer : System.IAsyncDisposable
            {
                public static System.Threading.Tasks.ValueTask<SocketServer> StartAsync(SocketGen.Rpc.RpcDispatcher dispatcher, System.Net.EndPoint endPoint, SocketServerOptions? options, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Net.EndPoint LocalEndPoint => throw new System.NotSupportedException();
                public System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken = default) => throw new System.NotSupportedException();
                public System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }
        }
        namespace SocketGen.Serialization
        {
            public delegate void WireEncoder<T>(ref WireWriter writer, T value);
            public delegate T WireDecoder<T>(ref WireReader reader);
            public readonly struct WireObjectToken { }
            public readonly struct WireObjectScope { }
            public ref struct WireWriter
            {
                public void WriteBoolean(bool value) { }
                public void WriteByte(byte value) { }
                public void WriteSByte(sbyte value) { }
                public void WriteInt16(short value) { }
                public void WriteUInt16(ushort value) { }
                public void WriteInt32(int value) { }
                public void WriteUInt32(uint value) { }
                public void WriteInt64(long value) { }
                public void WriteUInt64(ulong value) { }
                public void WriteChar(char value) { }
                public void WriteSingle(float value) { }
                public void WriteDouble(double value) { }
                public void WriteDecimal(decimal value) { }
                public void WriteGuid(System.Guid value) { }
                public void WriteDateTime(System.DateTime value) { }
                public void WriteDateTimeOffset(System.DateTimeOffset value) { }
                public void WriteTimeSpan(System.TimeSpan value) { }
                public void WriteString(string? value) { }
                public void WriteByteArray(byte[]? value) { }
                public void WriteBytes(System.ReadOnlySpan<byte> value) { }
                public void WriteHasValue(bool hasValue) { }
                public void WriteCount(int count) { }
                public WireObjectToken BeginObject(int fieldCount) => default;
                public void EndObject(WireObjectToken token) { }
            }
            public ref struct WireReader
            {
                public bool ReadBoolean() => default;
                public byte ReadByte() => default;
                public sbyte ReadSByte() => default;
                public short ReadInt16() => default;
                public ushort ReadUInt16() => default;
                public int ReadInt32() => default;
                public uint ReadUInt32() => default;
                public long ReadInt64() => default;
                public ulong ReadUInt64() => default;
                public char ReadChar() => default;
                public float ReadSingle() => default;
                public double ReadDouble() => default;
                public decimal ReadDecimal() => default;
                public System.Guid ReadGuid() => default;
                public System.DateTime ReadDateTime() => default;
                public System.DateTimeOffset ReadDateTimeOffset() => default;
                public System.TimeSpan ReadTimeSpan() => default;
                public string? ReadString() => default;
                public byte[]? ReadByteArray() => default;
                public System.ReadOnlyMemory<byte> ReadBytes() => default;
                public bool ReadHasValue() => default;
                public int ReadCount() => default;
                public WireObjectScope BeginObject(out int fieldCount) { fieldCount = 0; return default; }
                public void EndObject(WireObjectScope scope) { }
            }
        }
        namespace SocketGen.Rpc
        {
            using SocketGen.Serialization;
            public enum RpcMethodKind { Unknown, Unary, OneWay, Stream }
            public sealed class RpcConnection : System.IAsyncDisposable
            {
                public static System.Threading.Tasks.ValueTask<RpcConnection> ConnectAsync(string host, int port, SocketClientOptions? options, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public static System.Threading.Tasks.ValueTask<RpcConnection> ConnectAsync(System.Net.EndPoint endPoint, SocketClientOptions? options, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Threading.Tasks.ValueTask<TResult> InvokeAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Threading.Tasks.ValueTask InvokeAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Threading.Tasks.ValueTask SendOneWayAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Collections.Generic.IAsyncEnumerable<TItem> InvokeStreamAsync<TArgs, TItem>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TItem> decodeItem, System.Threading.CancellationToken cancellationToken) => throw new System.NotSupportedException();
                public System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }
            public abstract class RpcDispatcher
            {
                public abstract string ContractName { get; }
                public abstract RpcMethodKind GetMethodKind(uint methodId);
                public abstract string? GetMethodName(uint methodId);
                public abstract System.Threading.Tasks.ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call);
            }
            public sealed class RpcServerCall
            {
                public System.Threading.CancellationToken CancellationToken => default;
                public System.Threading.Tasks.ValueTask CompleteAsync<T>(System.Threading.Tasks.ValueTask<T> result, WireEncoder<T> encodeResult) => default;
                public System.Threading.Tasks.ValueTask CompleteAsync(System.Threading.Tasks.ValueTask result) => default;
                public System.Threading.Tasks.ValueTask CompleteStreamAsync<T>(System.Collections.Generic.IAsyncEnumerable<T> items, WireEncoder<T> encodeItem) => default;
            }
        }
        """;
}
