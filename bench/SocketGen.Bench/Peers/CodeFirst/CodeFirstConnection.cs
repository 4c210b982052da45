using Grpc.Net.Client;
using ProtoBuf.Grpc.Client;
using SocketGen.Bench.Driving;

namespace SocketGen.Bench.Peers.CodeFirst;

/// <summary>protobuf-net.Grpc's client for <see cref="ICodeFirstBench"/>, on one <see cref="GrpcChannel"/>.</summary>
internal sealed class CodeFirstConnection(GrpcChannel channel) : IBenchConnection
{
    private readonly ICodeFirstBench _client = channel.CreateGrpcService<ICodeFirstBench>();

    public async ValueTask<int> AddAsync(int a, int b) =>
        (await _client.AddAsync(new AddRequest { A = a, B = b }).ConfigureAwait(false)).Sum;

    public async ValueTask<int> EchoAsync(byte[] data) =>
        (await _client.EchoAsync(new EchoMessage { Data = data }).ConfigureAwait(false)).Data.Length;

    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
