namespace SocketGen.StreamBench;

[SocketContract]
public interface ITransfer
{
    Task<long> UploadAsync(Stream content, CancellationToken cancellationToken = default);

    Task<Stream> DownloadAsync(long length, CancellationToken cancellationToken = default);

    Task<long> SumAsync(IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default);

    IAsyncEnumerable<int> EchoAsync(IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default);
}

public sealed class Transfer : ITransfer
{
    public async Task<long> UploadAsync(Stream content, CancellationToken cancellationToken = default)
    {
        byte[] buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    public Task<Stream> DownloadAsync(long length, CancellationToken cancellationToken = default) => Task.FromResult<Stream>(new ZeroStream(length));

    public async Task<long> SumAsync(IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default)
    {
        long sum = 0;
        await foreach (int n in numbers.WithCancellation(cancellationToken))
        {
            sum += n;
        }

        return sum;
    }

    public IAsyncEnumerable<int> EchoAsync(IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default) => numbers;
}

/// <summary>A read-only stream of <c>length</c> zero bytes that costs nothing to read.</summary>
public sealed class ZeroStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, length - _position);
        buffer.Slice(0, n).Clear();
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
