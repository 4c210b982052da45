using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SocketGen.Sockets;
using Microsoft.Extensions.Logging;

namespace SocketGen.Protocols;

/// <summary>
/// A server of a protocol declared <see cref="OnePerDatagramAttribute"/>, on a bound UDP socket: the handler gets each
/// message with its sender's address and returns the reply to send back (or null for none). A malformed datagram is
/// dropped and logged; the server carries on.
/// </summary>
/// <typeparam name="TProtocol">The <see cref="WireProtocolAttribute"/> class.</typeparam>
/// <typeparam name="TClientMessage">What a client sends.</typeparam>
/// <typeparam name="TServerMessage">What the server sends.</typeparam>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "The generated protocol class offers the short form; this is what it calls.")]
public sealed class ProtocolDatagramServer<TProtocol, TClientMessage, TServerMessage> : IAsyncDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly DatagramSocket _socket;
    private readonly Func<TClientMessage, EndPoint, CancellationToken, ValueTask<TServerMessage>> _onMessage;
    private readonly ILogger _logger;
    private readonly MessageWriter _writer = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;

    private ProtocolDatagramServer(DatagramSocket socket, Func<TClientMessage, EndPoint, CancellationToken, ValueTask<TServerMessage>> onMessage, ProtocolDatagramOptions options)
    {
        _socket = socket;
        _onMessage = onMessage;
        _logger = options.Logger ?? NullLogger.Instance;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The address the server is bound to.</summary>
    public EndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Binds <paramref name="endPoint"/> and starts serving.</summary>
    /// <param name="endPoint">Where to listen (port 0 for any free port).</param>
    /// <param name="onMessage">Answers one message from the given sender; null sends nothing back.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <returns>The running server.</returns>
    public static ProtocolDatagramServer<TProtocol, TClientMessage, TServerMessage> Start(IPEndPoint endPoint, Func<TClientMessage, EndPoint, CancellationToken, ValueTask<TServerMessage>> onMessage, ProtocolDatagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        options ??= new ProtocolDatagramOptions();
        return new ProtocolDatagramServer<TProtocol, TClientMessage, TServerMessage>(DatagramSocket.Bind(endPoint, options.Socket), onMessage, options);
    }

    /// <summary>Sends a message to <paramref name="remoteEndPoint"/> unasked.</summary>
    /// <param name="message">The message.</param>
    /// <param name="remoteEndPoint">Where to send it.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the datagram is sent.</returns>
    public async ValueTask SendToAsync(TServerMessage message, EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer.Clear();
            TProtocol.WriteServerMessage(message, _writer);
            await _socket.SendToAsync(_writer.Written, remoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Stops serving and closes the socket.</summary>
    /// <returns>A task that completes when the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _writer.Dispose();
        _sendLock.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{typeof(TProtocol).Name} datagram server on {LocalEndPoint}";

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_socket.MaxDatagramSize + 1);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                DatagramReceiveResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested && ex is System.Net.Sockets.SocketException or InvalidDataException)
                {
                    ProtocolLog.AcceptFailed(_logger, this, ex);
                    continue;
                }

                try
                {
                    var message = TProtocol.ReadClientMessage(buffer.AsSpan(0, received.Length));
                    var reply = await _onMessage(message, received.RemoteEndPoint, _stopping.Token).ConfigureAwait(false);
                    if (reply is not null)
                    {
                        await SendToAsync(reply, received.RemoteEndPoint, _stopping.Token).ConfigureAwait(false);
                    }
                }
                catch (ProtocolViolationException ex)
                {
                    ProtocolLog.ClosedOnError(_logger, this, received.RemoteEndPoint, "dropped a malformed datagram: " + ex.Message);
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    ProtocolLog.HandlerFailed(_logger, this, received.RemoteEndPoint, ex);
                }
            }
        }
        catch (Exception ex) when (_stopping.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
