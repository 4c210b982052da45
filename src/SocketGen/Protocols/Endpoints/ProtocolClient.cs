using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using SocketGen.Addressing;
using SocketGen.Security;
using SocketGen.Sockets;

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
    private readonly Stream _stream;
    private readonly FrameReceiver<TProtocol, TClientMessage, TServerMessage> _receiver;
    private readonly ProtocolClientCore<TProtocol, TClientMessage, TServerMessage> _core;

    private ProtocolClient(Socket socket, Stream stream, ProtocolClientOptions options)
    {
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        _stream = stream;
        _receiver = new(_stream, fromClient: false, options.MaxFrameLength ?? TProtocol.DefaultMaxFrameLength);
        _core = new(options.UnsolicitedCapacity, TransmitAsync);
        _core.StartReceiving(ReceiveLoopAsync);
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
        return await CreateAsync(connection, options, (endPoint as DnsEndPoint)?.Host, cancellationToken).ConfigureAwait(false);
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
        return await CreateAsync(connection, options, host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> and waits for the one reply that answers it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting (the reply, when it comes, is still matched to this request and dropped).</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ConnectionLostException">The connection closed before the reply came.</exception>
    public ValueTask<TServerMessage> RequestAsync(TClientMessage request, CancellationToken cancellationToken = default) => _core.RequestAsync(request, cancellationToken);

    /// <summary>Sends <paramref name="request"/> and collects the replies that answer it, up to the one <paramref name="isLastReply"/> accepts.</summary>
    /// <param name="request">The request.</param>
    /// <param name="isLastReply">Tells the reply that ends the answer (such as memcached's <c>END</c>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The replies, the last one included.</returns>
    /// <exception cref="ConnectionLostException">The connection closed before the last reply came.</exception>
    public ValueTask<IReadOnlyList<TServerMessage>> RequestAsync(TClientMessage request, Func<TServerMessage, bool> isLastReply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isLastReply);
        return _core.RequestAsync(request, isLastReply, cancellationToken);
    }

    /// <summary>Sends a message that expects no reply (a quiet command, a notification).</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the message is written to the socket.</returns>
    public ValueTask SendAsync(TClientMessage message, CancellationToken cancellationToken = default) => _core.SendAsync(message, null, cancellationToken);

    /// <summary>The messages the server sends that answer no waiting request, in the order they arrive.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The messages, until the connection closes.</returns>
    public IAsyncEnumerable<TServerMessage> ReceiveUnsolicitedAsync(CancellationToken cancellationToken = default) => _core.ReceiveUnsolicitedAsync(cancellationToken);

    /// <summary>Closes the connection; requests still waiting fail with <see cref="ConnectionLostException"/>.</summary>
    /// <returns>A task that completes when the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _core.DisposeAsync().ConfigureAwait(false);
        _receiver.Dispose();
    }

    /// <summary>Closes the connection without waiting for the receive loop.</summary>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public override string ToString() => $"{typeof(TProtocol).Name} client of {RemoteEndPoint}";

    private static async ValueTask<ProtocolClient<TProtocol, TClientMessage, TServerMessage>> CreateAsync(SocketConnection connection, ProtocolClientOptions options, string? host, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = options.Tls is null
                ? new NetworkStream(connection.Socket, ownsSocket: true)
                : await TlsNegotiation.ConnectClientAsync(connection.Socket, new SocketClientOptions { Tls = options.Tls, HandshakeTimeout = options.HandshakeTimeout }, host, peerSpeaksSocketGen: false, cancellationToken).ConfigureAwait(false);
            return new ProtocolClient<TProtocol, TClientMessage, TServerMessage>(connection.Socket, stream, options);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void CheckStream()
    {
        if (TProtocol.IsDatagram)
        {
            throw new InvalidOperationException($"{typeof(TProtocol).Name} sends one message per datagram; use ProtocolDatagramClient.");
        }
    }

    private void Close()
    {
        _core.Close(new ConnectionLostException($"The client of {RemoteEndPoint} was closed."));
        _stream.Dispose();
        _socket.Dispose(); // a TLS stream does not own the socket
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask TransmitAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ConnectionLostException($"Sending to {RemoteEndPoint} failed: {ex.Message}", ex);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _receiver.ReceiveAsync(_core.Closing).ConfigureAwait(false))
            {
                await _core.DeliverAsync(TProtocol.ReadServerMessage(_receiver.Frame)).ConfigureAwait(false);
            }

            failure = new ConnectionLostException($"{RemoteEndPoint} closed the connection.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _core.Closing.IsCancellationRequested)
        {
            failure = _core.ClosedBecause;
        }
        catch (Exception ex)
        {
            failure = ex is SocketGenException ? ex : new ConnectionLostException($"The connection to {RemoteEndPoint} failed: {ex.Message}", ex);
        }
        finally
        {
            _core.Complete(failure ?? new ConnectionLostException("The connection closed."));
        }
    }
}
