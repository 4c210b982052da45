using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using SocketGen.Sockets;

namespace SocketGen.Protocols;

/// <summary>
/// A client of a protocol declared <see cref="OnePerDatagramAttribute"/>, over a connected UDP socket: each message is
/// one datagram; replies are matched as <see cref="ProtocolClient{TProtocol, TClientMessage, TServerMessage}"/>
/// matches them, and a request whose reply does not come within the reply timeout fails with <see cref="TimeoutException"/>.
/// </summary>
/// <typeparam name="TProtocol">The <see cref="WireProtocolAttribute"/> class.</typeparam>
/// <typeparam name="TClientMessage">What the client sends.</typeparam>
/// <typeparam name="TServerMessage">What the server sends.</typeparam>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "The generated protocol class offers the short form; this is what it calls.")]
public sealed class ProtocolDatagramClient<TProtocol, TClientMessage, TServerMessage> : IAsyncDisposable, IDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly DatagramConnection _connection;
    private readonly ProtocolDatagramOptions _options;
    private readonly ProtocolClientCore<TProtocol, TClientMessage, TServerMessage> _core;

    private ProtocolDatagramClient(DatagramConnection connection, ProtocolDatagramOptions options)
    {
        _connection = connection;
        _options = options;
        _core = new(options.UnsolicitedCapacity, _connection.SendAsync);
        _core.StartReceiving(ReceiveLoopAsync);
    }

    /// <summary>The server's address.</summary>
    public EndPoint RemoteEndPoint => _connection.RemoteEndPoint;

    /// <summary>The client's own address (the port replies come to).</summary>
    public EndPoint LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>Connects a UDP socket to <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">The server (an <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>).</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels resolving the name.</param>
    /// <returns>The client.</returns>
    public static async ValueTask<ProtocolDatagramClient<TProtocol, TClientMessage, TServerMessage>> ConnectAsync(EndPoint endPoint, ProtocolDatagramOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProtocolDatagramOptions();
        var connection = await DatagramConnection.ConnectAsync(endPoint, options.Socket, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ProtocolDatagramClient<TProtocol, TClientMessage, TServerMessage>(connection, options);
    }

    /// <summary>Sends <paramref name="request"/> and waits for its reply.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="TimeoutException">No reply came within the reply timeout.</exception>
    public async ValueTask<TServerMessage> RequestAsync(TClientMessage request, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReplyTimeout);
        try
        {
            return await _core.RequestAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No reply from {RemoteEndPoint} within {_options.ReplyTimeout.TotalMilliseconds} ms (a datagram may have been lost).");
        }
    }

    /// <summary>Sends a message that expects no reply.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the datagram is sent.</returns>
    public ValueTask SendAsync(TClientMessage message, CancellationToken cancellationToken = default) => _core.SendAsync(message, null, cancellationToken);

    /// <summary>The messages the server sends that answer no waiting request.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The messages, until the client is closed.</returns>
    public IAsyncEnumerable<TServerMessage> ReceiveUnsolicitedAsync(CancellationToken cancellationToken = default) => _core.ReceiveUnsolicitedAsync(cancellationToken);

    /// <summary>Closes the socket and waits for the receive loop to end.</summary>
    /// <returns>A task that completes when it has.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _core.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        _core.Close(new ConnectionLostException($"The datagram client of {RemoteEndPoint} was closed."));
        _connection.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_connection.MaxDatagramSize + 1);
        try
        {
            while (!_core.Closing.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await _connection.ReceiveAsync(buffer, _core.Closing).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidDataException && !_core.Closing.IsCancellationRequested)
                {
                    continue; // an ICMP "port unreachable" or an oversized datagram: the next one may be fine
                }

                TServerMessage message;
                try
                {
                    message = TProtocol.ReadServerMessage(buffer.AsSpan(0, length));
                }
                catch (ProtocolViolationException)
                {
                    continue; // a malformed datagram is dropped, as UDP drops damaged ones
                }

                await _core.DeliverAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (_core.Closing.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _core.Complete(new ConnectionLostException($"The datagram client of {RemoteEndPoint} was closed."));
        }
    }
}
