namespace SocketGen.Generators.Tests.Streams;

// The contract the stream tests call: client streams, bidirectional streams and byte streams (wire 1.2).
// The generator runs over this file when the test project builds.

[SocketContract]
public interface IStreamingService
{
    /// <summary>Client stream with a result: the sum of the numbers, checked to arrive in order.</summary>
    Task<long> SumAsync(string label, IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default);

    /// <summary>Client stream without a result: the lines are kept by the service.</summary>
    ValueTask CollectAsync(IAsyncEnumerable<string> lines, CancellationToken cancellationToken = default);

    /// <summary>Reads only <paramref name="take"/> numbers, then answers: the server ends the call early.</summary>
    Task<int> TakeAsync(int take, IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default);

    /// <summary>Reads nothing until the call is cancelled: a client stream must wait for credit meanwhile.</summary>
    Task<int> IgnoreAsync(IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default);

    /// <summary>Bidirectional: each number comes back doubled as soon as it arrives; throws at <paramref name="failAt"/> if positive.</summary>
    IAsyncEnumerable<int> DoubleAsync(IAsyncEnumerable<int> numbers, int failAt, CancellationToken cancellationToken = default);

    /// <summary>Byte upload: the length and SHA-256 of the bytes.</summary>
    Task<Digest> UploadAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Byte download: <paramref name="length"/> bytes of a pattern from <paramref name="seed"/>.</summary>
    Task<Stream> DownloadAsync(long length, int seed, CancellationToken cancellationToken = default);

    /// <summary>Byte stream both ways: the bytes come back as they arrive.</summary>
    Task<Stream> EchoBytesAsync(Stream content, CancellationToken cancellationToken = default);
}

public sealed record Digest(long Length, byte[] Sha256);
