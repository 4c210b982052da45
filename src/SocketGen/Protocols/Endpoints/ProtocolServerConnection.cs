using System.Net;
using System.Runtime.CompilerServices;

namespace SocketGen.Protocols;

/// <summary>
/// One client's connection to a <see cref="ProtocolServer{TProtocol, TClientMessage, TServerMessage}"/>: read its
/// messages, write messages back. Writes are buffered and sent by <see cref="FlushAsync"/> (a per-message
/// handler's writes are flushed for it whenever the server waits for the client's next bytes, so pipelined
/// requests are answered in one send).
/// </summary>
/// <typeparam name="TProtocol">The <see cref="WireProtocolAttribute"/> class.</typeparam>
/// <typeparam name="TClientMessage">What the client sends.</typeparam>
/// <typeparam name="TServerMessage">What the server sends.</typeparam>
public sealed class ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage> : IDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly Stream _stream;
    private readonly FrameReceiver<TProtocol, TClientMessage, TServerMessage> _receiver;
    private readonly object _writeLock = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private MessageWriter _filling = new();
    private MessageWriter _sending = new();

    internal ProtocolServerConnection(Stream stream, EndPoint remoteEndPoint, int maxFrameLength)
    {
        _stream = stream;
        RemoteEndPoint = remoteEndPoint;
        _receiver = new(stream, fromClient: true, maxFrameLength, FlushIfWrittenAsync);
    }

    /// <summary>The client's address.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>The client's messages, in order, until it closes the connection.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="LimitExceededException">A frame is over the limit.</exception>
    /// <exception cref="ProtocolViolationException">A frame is not a valid message.</exception>
    public async IAsyncEnumerable<TClientMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return TProtocol.ReadClientMessage(_receiver.Frame);
        }
    }

    /// <summary>Receives the next frame; false when the client closed the connection.</summary>
    internal ValueTask<bool> ReceiveFrameAsync(CancellationToken cancellationToken) => _receiver.ReceiveAsync(cancellationToken);

    /// <summary>Decodes the frame <see cref="ReceiveFrameAsync"/> received.</summary>
    internal TClientMessage DecodeFrame() => TProtocol.ReadClientMessage(_receiver.Frame);

    /// <summary>Queues a message; <see cref="FlushAsync"/> sends it.</summary>
    /// <param name="message">The message.</param>
    public void Write(TServerMessage message)
    {
        lock (_writeLock)
        {
            TProtocol.WriteServerMessage(message, _filling);
        }
    }

    /// <summary>Sends the queued messages.</summary>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once they are written to the socket.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_writeLock)
            {
                (_filling, _sending) = (_sending, _filling);
            }

            if (_sending.Position > 0)
            {
                await _stream.WriteAsync(_sending.Written, cancellationToken).ConfigureAwait(false);
                _sending.Clear();
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    /// <summary>Queues a message and sends everything queued.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once it is written to the socket.</returns>
    public ValueTask SendAsync(TServerMessage message, CancellationToken cancellationToken = default)
    {
        Write(message);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Closes the connection.</summary>
    public void Close() => _stream.Dispose();

    /// <summary>Closes the connection and gives its buffers back.</summary>
    public void Dispose()
    {
        Close();
        _receiver.Dispose();
        lock (_writeLock)
        {
            _filling.Dispose();
            _sending.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{typeof(TProtocol).Name} connection from {RemoteEndPoint}";

    private ValueTask FlushIfWrittenAsync() => _filling.Position > 0 ? FlushAsync() : default;
}
