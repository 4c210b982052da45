using Grpc.Core;

namespace SocketGen.Bench.Peers.Grpc;

/// <summary>The gRPC service behind the "gRPC" row: both methods complete synchronously, like <see cref="Servers.BenchService"/>.</summary>
public sealed class GrpcBenchService : Bench.BenchBase
{
    /// <inheritdoc/>
    public override Task<AddReply> Add(AddRequest request, ServerCallContext context) =>
        Task.FromResult(new AddReply { Sum = unchecked(request.A + request.B) });

    /// <inheritdoc/>
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
