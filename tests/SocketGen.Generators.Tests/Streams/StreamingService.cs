using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace SocketGen.Generators.Tests.Streams;

/// <summary>The server side of the stream tests; it records what it saw for the tests to check.</summary>
public sealed class StreamingService : IStreamingService
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Completes with the error a handler's reading of the client stream threw.</summary>
    public TaskCompletionSource<Exception> ClientStreamError { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler ended with its token cancelled.</summary>
    public TaskCompletionSource HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler that records its end (cancelled or not) has ended.</summary>
    public TaskCompletionSource HandlerEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler has started.</summary>
    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a download's source stream was disposed.</summary>
    public TaskCompletionSource DownloadSourceDisposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<long> SumAsync(string label, IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default)
    {
        HandlerStarted.TrySetResult();
        long sum = 0;
        int expected = 1;
        try
        {
            await foreach (int number in numbers)
            {
                if (number != expected++)
                {
                    throw new InvalidOperationException($"{label}: got {number}, expected {expected - 1}");
                }

                sum += number;
            }
        }
        catch (Exception ex)
        {
            ClientStreamError.TrySetResult(ex);
            throw;
        }
        finally
        {
            EndedBy(cancellationToken);
        }

        return sum;
    }

    /// <summary>Records a handler that ended with its token cancelled.</summary>
    private void EndedBy(CancellationToken cancellationToken)
    {
        HandlerEnded.TrySetResult();
        if (cancellationToken.IsCancellationRequested)
        {
            HandlerCancelled.TrySetResult();
        }
    }

    public async ValueTask CollectAsync(IAsyncEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        await foreach (string line in lines.WithCancellation(cancellationToken))
        {
            Lines.Enqueue(line);
        }
    }

    public async Task<int> TakeAsync(int take, IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default)
    {
        int taken = 0;
        await foreach (int number in numbers.WithCancellation(cancellationToken))
        {
            if (++taken == take)
            {
                break;
            }
        }

        return taken;
    }

    public async Task<int> IgnoreAsync(IAsyncEnumerable<byte[]> chunks, CancellationToken cancellationToken = default)
    {
        HandlerStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            EndedBy(cancellationToken);
        }

        return 0;
    }

    public async IAsyncEnumerable<int> DoubleAsync(IAsyncEnumerable<int> numbers, int failAt, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        HandlerStarted.TrySetResult();
        IAsyncEnumerator<int> enumerator = numbers.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ClientStreamError.TrySetResult(ex);
                    throw;
                }

                if (!more)
                {
                    yield break;
                }

                if (failAt > 0 && enumerator.Current == failAt)
                {
                    throw new ArgumentOutOfRangeException(nameof(numbers), $"{failAt} is not welcome here");
                }

                yield return enumerator.Current * 2;
            }
        }
        finally
        {
            // Not a registration on the token: cancelling may end this iterator (and dispose a registration)
            // before the token's later callbacks run.
            EndedBy(cancellationToken);
            await enumerator.DisposeAsync();
        }
    }

    public async Task<Digest> UploadAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[37 * 1024];
        long length = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            length += read;
        }

        return new Digest(length, sha.GetHashAndReset());
    }

    public Task<Stream> DownloadAsync(long length, int seed, CancellationToken cancellationToken = default)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "No such file");
        }

        return Task.FromResult<Stream>(new PatternStream(length, seed, () => DownloadSourceDisposed.TrySetResult()));
    }

    public Task<Stream> EchoBytesAsync(Stream content, CancellationToken cancellationToken = default) => Task.FromResult(content);
}

/// <summary>A read-only stream of a deterministic byte pattern; records its disposal.</summary>
public sealed class PatternStream(long length, int seed, Action? onDispose = null) : Stream
{
    private long _position;

    public static byte At(long position, int seed) => (byte)((position * 31) + (position >> 13) + seed);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Min(count, length - _position);
        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = At(_position + i, seed);
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        onDispose?.Invoke();
        base.Dispose(disposing);
    }
}
