using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Benchmarks;

// The code the generator emits for `ValueTask<int> AddAsync(int a, int b)`, written by hand: cached codecs,
// a ValueTuple of the arguments, and a dispatcher that reads them synchronously.

internal static class AddCodecs
{
    public const uint AddMethodId = 1;

    public static readonly WireEncoder<(int, int)> EncodeArgs = static (ref WireWriter writer, (int, int) args) =>
    {
        writer.WriteInt32(args.Item1);
        writer.WriteInt32(args.Item2);
    };

    public static readonly WireEncoder<int> EncodeInt32 = static (ref WireWriter writer, int value) => writer.WriteInt32(value);

    public static readonly WireDecoder<int> DecodeInt32 = static (ref WireReader reader) => reader.ReadInt32();
}

internal sealed class AddDispatcher : RpcDispatcher
{
    public override string ContractName => "IAdder";

    public override RpcMethodKind GetMethodKind(uint methodId) => methodId == AddCodecs.AddMethodId ? RpcMethodKind.Unary : RpcMethodKind.Unknown;

    public override string? GetMethodName(uint methodId) => methodId == AddCodecs.AddMethodId ? "AddAsync" : null;

    public override ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call)
    {
        int a = args.ReadInt32();
        int b = args.ReadInt32();
        return call.CompleteAsync(AddAsync(a, b), AddCodecs.EncodeInt32);
    }

    // The user's implementation: a synchronous result, as most small methods have.
    private static ValueTask<int> AddAsync(int a, int b) => new(a + b);
}
