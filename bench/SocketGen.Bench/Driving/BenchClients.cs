using SocketGen.Bench.Peers;
using SocketGen.Bench.Peers.CodeFirst;
using SocketGen.Bench.Peers.Grpc;
using SocketGen.Bench.Peers.JsonRpc;

namespace SocketGen.Bench.Driving;

/// <summary>The clients <c>drive &lt;client&gt;</c> can run, by the name used on its command line.</summary>
internal static class BenchClients
{
    public const string Generated = "generated";
    public const string Grpc = "grpc";
    public const string CodeFirst = "protobuf-net-grpc";
    public const string JsonRpc = "streamjsonrpc";

    /// <summary>Opens one connection of <paramref name="client"/> to the server on loopback port <paramref name="port"/>.</summary>
    public static Task<IBenchConnection> ConnectAsync(string client, int port) => client switch
    {
        Generated => GeneratedConnection.ConnectAsync(port),
        Grpc => Task.FromResult<IBenchConnection>(new GrpcConnection(GrpcChannels.Create(port))),
        CodeFirst => Task.FromResult<IBenchConnection>(new CodeFirstConnection(GrpcChannels.Create(port))),
        JsonRpc => JsonRpcConnection.ConnectAsync(port),
        _ => throw new ArgumentException($"Unknown client '{client}'.", nameof(client)),
    };
}
