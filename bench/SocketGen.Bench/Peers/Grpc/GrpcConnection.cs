using Google.Protobuf;
using Grpc.Net.Client;
using SocketGen.Bench.Driving;

namespace SocketGen.Bench.Peers.Grpc;

/// <summary>The client Grpc.Tools generates from bench.proto, on one <see cref="GrpcChannel"/>.</summary>
internal sealed class GrpcConnection(GrpcChannel channel) : IBenchConnection
{
    private readonly Bench.BenchClient _client = new(channel);

    public async ValueTask<int> AddAsync(int a, int b) =>
        (await _client.AddAsync(new AddRequest { A = a, B = b }).ResponseAsync.ConfigureAwait(false)).Sum;

    // UnsafeWrap sends the caller's array without copying it into a ByteString, as the gRPC performance
    // guidance recommends for binary payloads the caller does not change while the call runs.
    public async ValueTask<int> EchoAsync(byte[] data) =>
        (await _client.EchoAsync(new EchoMessage { Data = UnsafeByteOperations.UnsafeWrap(data) }).ResponseAsync.ConfigureAwait(false)).Data.Length;

    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
