using System.Diagnostics.Metrics;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SocketGen.Diagnostics;

namespace SocketGen.Security;

/// <summary>
/// The stream the engine reads and writes: the socket's stream, or TLS over it. On the server the TLS
/// handshake is still running when the connection starts; reads and writes wait for it, and its failure
/// surfaces from them as an <see cref="AuthenticationException"/>. Counts the bytes that pass for metrics.
/// Reads and writes that complete synchronously add no allocation; pending ones use pooled state machines.
/// </summary>
internal sealed class TransportStream : Stream
{
    private const string Receive = "receive";
    private const string Transmit = "transmit";

    private readonly Stream _inner;
    private readonly Task? _handshake;
    private readonly Counter<long> _io;

    public TransportStream(Stream inner, Task? handshake, Counter<long> io)
    {
        _inner = inner;
        _handshake = handshake;
        _io = io;
    }

    /// <summary>The TLS stream when the connection uses TLS; null in plaintext.</summary>
    public SslStream? Tls => _inner as SslStream;

    /// <summary>The peer's certificate once the TLS handshake completed; null in plaintext or without one.</summary>
    public X509Certificate2? RemoteCertificate => IsHandshakeDone && Tls is { } tls ? tls.RemoteCertificate as X509Certificate2 : null;

    /// <summary>The negotiated protocol once the TLS handshake completed; <see cref="SslProtocols.None"/> in plaintext.</summary>
    public SslProtocols Protocol => IsHandshakeDone && Tls is { } tls ? tls.SslProtocol : SslProtocols.None;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private bool IsHandshakeDone => _handshake is null || _handshake.IsCompletedSuccessfully;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IsHandshakeDone)
        {
            return ReadAfterHandshakeAsync(buffer, cancellationToken);
        }

        ValueTask<int> read = _inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            int count = read.Result;
            SocketGenMetrics.RecordIo(_io, Receive, count);
            return new ValueTask<int>(count);
        }

        return AwaitReadAsync(read);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IsHandshakeDone)
        {
            return WriteAfterHandshakeAsync(buffer, cancellationToken);
        }

        SocketGenMetrics.RecordIo(_io, Transmit, buffer.Length);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        _handshake?.GetAwaiter().GetResult();
        int read = _inner.Read(buffer, offset, count);
        SocketGenMetrics.RecordIo(_io, Receive, read);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _handshake?.GetAwaiter().GetResult();
        SocketGenMetrics.RecordIo(_io, Transmit, count);
        _inner.Write(buffer, offset, count);
    }

    public override void Flush()
    {
        if (IsHandshakeDone)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        IsHandshakeDone ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_handshake is not null)
        {
            // The handshake may still be running on a connection that is being torn down; the socket is
            // shut down by now, so it ends at once. Its failure was already reported to whoever read.
            await _handshake.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AwaitReadAsync(ValueTask<int> read)
    {
        int count = await read.ConfigureAwait(false);
        SocketGenMetrics.RecordIo(_io, Receive, count);
        return count;
    }

    private async ValueTask<int> ReadAfterHandshakeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await _handshake!.WaitAsync(cancellationToken).ConfigureAwait(false);
        int count = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        SocketGenMetrics.RecordIo(_io, Receive, count);
        return count;
    }

    private async ValueTask WriteAfterHandshakeAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _handshake!.WaitAsync(cancellationToken).ConfigureAwait(false);
        SocketGenMetrics.RecordIo(_io, Transmit, buffer.Length);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
