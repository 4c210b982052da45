namespace SocketGen.Generators.Emitting;

/// <summary>
/// The runtime types generated code calls, as docs/internals/generated-code-api.md names them. Change
/// them here and on that page together.
/// </summary>
internal static class RuntimeTypes
{
    public const string RpcConnection = "global::SocketGen.Rpc.RpcConnection";
    public const string RpcDispatcher = "global::SocketGen.Rpc.RpcDispatcher";
    public const string RpcServerCall = "global::SocketGen.Rpc.RpcServerCall";
    public const string RpcMethodKind = "global::SocketGen.Rpc.RpcMethodKind";
    public const string RpcContractDescription = "global::SocketGen.Rpc.RpcContractDescription";
    public const string RpcMethodDescription = "global::SocketGen.Rpc.RpcMethodDescription";
    public const string BalancingOptions = "global::SocketGen.Balancing.BalancingOptions";
    public const string SocketServer = "global::SocketGen.SocketServer";
    public const string SocketCallOptions = "global::SocketGen.SocketCallOptions";
    public const string SocketCallContext = "global::SocketGen.SocketCallContext";
    public const string SocketConnectionContext = "global::SocketGen.SocketConnectionContext";
    public const string RpcCallbackChannel = "global::SocketGen.Rpc.RpcCallbackChannel";
    public const string SocketClientOptions = "global::SocketGen.SocketClientOptions";
    public const string SocketServerOptions = "global::SocketGen.SocketServerOptions";
    public const string WireWriter = "global::SocketGen.Serialization.WireWriter";
    public const string WireReader = "global::SocketGen.Serialization.WireReader";
    public const string WireEncoder = "global::SocketGen.Serialization.WireEncoder";
    public const string WireDecoder = "global::SocketGen.Serialization.WireDecoder";
    public const string WireObjectToken = "global::SocketGen.Serialization.WireObjectToken";
    public const string WireObjectScope = "global::SocketGen.Serialization.WireObjectScope";
    public const string ByteStreams = "global::SocketGen.Streams.ByteStreams";
    public const string ByteChunk = "global::SocketGen.Streams.ByteChunk";
    public const string Stream = "global::System.IO.Stream";
    public const string ByteMemory = "global::System.ReadOnlyMemory<byte>";

    public const string Task = "global::System.Threading.Tasks.Task";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string EndPoint = "global::System.Net.EndPoint";
    public const string IAsyncDisposable = "global::System.IAsyncDisposable";
}
