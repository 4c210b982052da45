using StreamJsonRpc;

namespace SocketGen.Bench.Peers.JsonRpc;

/// <summary>The benchmark contract for StreamJsonRpc; the proxy the client calls through is source-generated.</summary>
// StreamJsonRpc0008 asks for PolyType shapes, which only its NerdbankMessagePackFormatter needs; this row uses
// MessagePackFormatter (MessagePack-CSharp), the formatter StreamJsonRpc has long shipped for binary messages.
#pragma warning disable StreamJsonRpc0008
[JsonRpcContract]
public partial interface IJsonRpcBench
#pragma warning restore StreamJsonRpc0008
{
    /// <summary>Adds two numbers (wrapping on overflow).</summary>
    Task<int> AddAsync(int a, int b);

    /// <summary>Returns the bytes it was given.</summary>
    Task<byte[]> EchoAsync(byte[] data);
}

/// <summary>The RPC target behind the "StreamJsonRpc" row: both methods complete synchronously.</summary>
public sealed class JsonRpcBench : IJsonRpcBench
{
    /// <inheritdoc/>
    public Task<int> AddAsync(int a, int b) => Task.FromResult(unchecked(a + b));

    /// <inheritdoc/>
    public Task<byte[]> EchoAsync(byte[] data) => Task.FromResult(data);
}
