using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SocketGen.Addressing;

namespace SocketGen.Protocols;

/// <summary>
/// A client of a declared wire protocol over a stream connection (TCP or a Unix socket): send a request and await
/// its reply — matched in order for pipelined protocols, or by the protocol's <see cref="CorrelationIdAttribute"/>
/// member — and read whatever else the server sends as <see cref="ReceiveUnsolicitedAsync"/>.
/// </summary>
/// <typeparam name="TProtocol">The <see cref="WireProtocolAttribute"/> class.</typeparam>
/// <typeparam name="TClientMessage">What the client sends.</typeparam>
/// <typeparam name="TServerMessage">What the server sends.</typeparam>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "The generated protocol class offers the short form; these are what it calls.")]
public sealed class ProtocolClient<TProtocol, TClientMessage, TServerMessage> : IAsyncDisposable, IDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly FrameReceiver<TProtocol, TClientMessage, TServerMessage> _receiver;
    private readonly MessageWriter _writer = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReplyMatcher<TProtocol, TClientMessage, TServerMessage> _replies = new();
    private readonly Channel<TServerMessage> _unsolicited;
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiveLoop;
    private Exception? _closedBecause;

    private ProtocolClient(Socket socket, ProtocolClientOptions options)
    {
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        _stream = new NetworkStream(socket, ownsSocket: true);
        _receiver = new(_stream, fromClient: false, options.MaxFrameLength ?? TProtocol.DefaultMaxFrameLength);
        _unsolicited = Channel.CreateBounded<TServerMessage>(new BoundedChannelOptions(Math.Max(1, options.UnsolicitedCapacity)) { SingleWriter = true });
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The server's address.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Connects to <paramref name="endPoint"/> (an <see cref="IPEndPoint"/>, <see cref="DnsEndPoint"/> or <see cref="UnixDomainSocketEndPoint"/>).</summary>
    /// <param name="endPoint">The server.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected client.</returns>
    public static async ValueTask<ProtocolClient<TProtocol, TClientMessage, TServerMessage>> ConnectAsync(EndPoint endPoint, ProtocolClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProtocolClientOptions();
        CheckStream();
        var connection = await SocketConnector.ConnectAsync(endPoint, options.Connect, cancellationToken).ConfigureAwait(false);
        return new ProtocolClient<TProtocol, TClientMessage, TServerMessage>(connection.Socket, options);
    }

    /// <summary>Connects to <paramref name="host"/> (a name is resolved and its addresses raced, Happy Eyeballs).</summary>
    /// <param name="host">The server's name or address.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected client.</returns>
    public static async ValueTask<ProtocolClient<TProtocol, TClientMessage, TServerMessage>> ConnectAsync(string host, int port, ProtocolClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProtocolClientOptions();
        CheckStream();
        var connection = await SocketConnector.ConnectAsync(host, port, options.Connect, cancellationToken).ConfigureAwait(false);
        return new ProtocolClient<TProtocol, TClientMessage, TServerMessage>(connection.Socket, options);
    }

    /// <summary>Sends <paramref name="request"/> and waits for the one reply that answers it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting (the reply, when it comes, is still matched to this request and dropped).</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ConnectionLostException">The connection closed before the reply came.</exception>
    public async ValueTask<TServerMessage> RequestAsync(TClientMessage request, CancellationToken cancellationToken = default)
    {
        var pending = new ReplyMatcher<TProtocol, TClientMessage, TServerMessage>.PendingRequest(isLast: null);
        var replies = await SendAndWaitAsync(request, pending, cancellationToken).ConfigureAwait(false);
        return replies[0];
    }

    /// <summary>Sends <paramref name="request"/> and collects the replies that answer it, up to the one <paramref name="isLastReply"/> accepts.</summary>
    /// <param name="request">The request.</param>
    /// <param name="isLastReply">Tells the reply that ends the answer (such as memcached's <c>END</c>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The replies, the last one included.</returns>
    /// <exception cref="ConnectionLostException">The connection closed before the last reply came.</exception>
    public async ValueTask<IReadOnlyList<TServerMessage>> RequestAsync(TClientMessage request, Func<TServerMessage, bool> isLastReply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isLastReply);
        var pending = new ReplyMatcher<TProtocol, TClientMessage, TServerMessage>.PendingRequest(isLastReply);
        return await SendAndWaitAsync(request, pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a message that expects no reply (a quiet command, a notification).</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the message is written to the socket.</returns>
    public ValueTask SendAsync(TClientMessage message, CancellationToken cancellationToken = default) => SendAsync(message, null, cancellationToken);

    /// <summary>The messages the server sends that answer no waiting request, in the order they arrive.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The messages, until the connection closes.</returns>
    public async IAsyncEnumerable<TServerMessage> ReceiveUnsolicitedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _unsolicited.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_unsolicited.Reader.TryRead(out var message))
            {
                yield return message;
            }
        }
    }

    /// <summary>Closes the connection; requests still waiting fail with <see cref="ConnectionLostException"/>.</summary>
    /// <returns>A task that completes when the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the loop records why it ended; disposing only waits for it
        }

        _receiver.Dispose();
        _writer.Dispose();
        _sendLock.Dispose();
        _closing.Dispose();
    }

    /// <summary>Closes the connection without waiting for the receive loop.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => $"{typeof(TProtocol).Name} client of {RemoteEndPoint}";

    private static void CheckStream()
    {
        if (TProtocol.IsDatagram)
        {
            throw new InvalidOperationException($"{typeof(TProtocol).Name} sends one message per datagram; use ProtocolDatagramClient.");
        }
    }

    private void Close()
    {
        _closedBecause ??= new ConnectionLostException($"The client of {RemoteEndPoint} was closed.");
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _stream.Dispose();
    }

    private async ValueTask<IReadOnlyList<TServerMessage>> SendAndWaitAsync(TClientMessage request, ReplyMatcher<TProtocol, TClientMessage, TServerMessage>.PendingRequest pending, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(request, pending, cancellationToken).ConfigureAwait(false);
            return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _replies.Forget(pending);
            throw;
        }
    }

    private async ValueTask SendAsync(TClientMessage message, ReplyMatcher<TProtocol, TClientMessage, TServerMessage>.PendingRequest? pending, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closedBecause is { } closed)
            {
                throw new ConnectionLostException(closed.Message, closed);
            }

            _writer.Clear();
            TProtocol.WriteClientMessage(message, _writer);
            if (pending is not null)
            {
                _replies.Register(message, pending);
            }

            await _stream.WriteAsync(_writer.Written, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ConnectionLostException($"Sending to {RemoteEndPoint} failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _receiver.ReceiveAsync(_closing.Token).ConfigureAwait(false))
            {
                var message = TProtocol.ReadServerMessage(_receiver.Frame);
                if (!_replies.Deliver(message))
                {
                    await _unsolicited.Writer.WriteAsync(message, _closing.Token).ConfigureAwait(false);
                }
            }

            failure = new ConnectionLostException($"{RemoteEndPoint} closed the connection.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _closing.IsCancellationRequested)
        {
            failure = _closedBecause;
        }
        catch (Exception ex)
        {
            failure = ex is SocketGenException ? ex : new ConnectionLostException($"The connection to {RemoteEndPoint} failed: {ex.Message}", ex);
        }
        finally
        {
            _closedBecause ??= failure;
            _replies.FailAll(_closedBecause ?? new ConnectionLostException("The connection closed."));
            _unsolicited.Writer.TryComplete();
        }
    }
}
