using ProtoBuf;
using ProtoBuf.Grpc;
using ProtoBuf.Grpc.Configuration;

namespace SocketGen.Bench.Peers.CodeFirst;

/// <summary>The benchmark contract, code-first: a .NET interface protobuf-net.Grpc serves and calls with no .proto file.</summary>
[Service("socketgen.bench.CodeFirstBench")]
public interface ICodeFirstBench
{
    /// <summary>Adds two numbers (wrapping on overflow).</summary>
    ValueTask<AddReply> AddAsync(AddRequest request, CallContext context = default);

    /// <summary>Returns the bytes it was given.</summary>
    ValueTask<EchoMessage> EchoAsync(EchoMessage request, CallContext context = default);
}

/// <summary>Add's arguments.</summary>
[ProtoContract]
public sealed class AddRequest
{
    /// <summary>The first addend.</summary>
    [ProtoMember(1)]
    public int A { get; set; }

    /// <summary>The second addend.</summary>
    [ProtoMember(2)]
    public int B { get; set; }
}

/// <summary>Add's result.</summary>
[ProtoContract]
public sealed class AddReply
{
    /// <summary>The sum.</summary>
    [ProtoMember(1)]
    public int Sum { get; set; }
}

/// <summary>Echo's argument and result.</summary>
[ProtoContract]
public sealed class EchoMessage
{
    /// <summary>The bytes.</summary>
    [ProtoMember(1)]
    public byte[] Data { get; set; } = [];
}

/// <summary>The service behind the "protobuf-net.Grpc" row: both methods complete synchronously.</summary>
public sealed class CodeFirstBenchService : ICodeFirstBench
{
    /// <inheritdoc/>
    public ValueTask<AddReply> AddAsync(AddRequest request, CallContext context = default) =>
        new(new AddReply { Sum = unchecked(request.A + request.B) });

    /// <inheritdoc/>
    public ValueTask<EchoMessage> EchoAsync(EchoMessage request, CallContext context = default) => new(request);
}
