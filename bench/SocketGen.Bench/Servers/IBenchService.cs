namespace SocketGen.Bench.Servers;

/// <summary>
/// The benchmark's contract. The ids are pinned so the hand-written, Kestrel and native servers, which
/// speak the wire format directly, agree with the generated code (see bench/native/wire.h).
/// </summary>
[SocketContract]
public partial interface IBenchService
{
    /// <summary>Adds two numbers (wrapping on overflow).</summary>
    [Method(Id = BenchWire.AddMethodId)]
    ValueTask<int> AddAsync(int a, int b);

    /// <summary>Returns the bytes it was given.</summary>
    [Method(Id = BenchWire.EchoMethodId)]
    ValueTask<byte[]> EchoAsync(byte[] data);
}

/// <summary>The implementation behind the generated server: both methods complete synchronously.</summary>
public sealed class BenchService : IBenchService
{
    /// <inheritdoc/>
    public ValueTask<int> AddAsync(int a, int b) => new(unchecked(a + b));

    /// <inheritdoc/>
    public ValueTask<byte[]> EchoAsync(byte[] data) => new(data);
}
