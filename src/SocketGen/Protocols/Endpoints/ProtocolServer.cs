using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocketGen.Security;
using SocketGen.Sockets;

namespace SocketGen.Protocols;

/// <summary>
/// A server of a declared wire protocol over a stream listener (TCP, a Unix socket, or a socket systemd passed in
/// as a <see cref="ListeningSocketEndPoint"/>): a handler per connection, or one per message. A connection that
/// breaks the protocol or a limit is closed with its reason logged; the server and its other connections carry on.
/// </summary>
/// <typeparam name="TProtocol">The <see cref="WireProtocolAttribute"/> class.</typeparam>
/// <typeparam name="TClientMessage">What a client sends.</typeparam>
/// <typeparam name="TServerMessage">What the server sends.</typeparam>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "The generated protocol class offers the short form; these are what it calls.")]
public sealed class ProtocolServer<TProtocol, TClientMessage, TServerMessage> : IAsyncDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly SocketListener _listener;
    private readonly Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> _onConnection;
    private readonly ProtocolServerOptions _options;
    private readonly ILogger _logger;
    private readonly int _maxFrameLength;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _connectionsLock = new();
    private readonly HashSet<Task> _connections = new();
    private readonly Task _acceptLoop;

    private ProtocolServer(SocketListener listener, Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> onConnection, ProtocolServerOptions options)
    {
        _listener = listener;
        _onConnection = onConnection;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _maxFrameLength = options.MaxFrameLength ?? TProtocol.DefaultMaxFrameLength;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address the server listens on (with the port the system chose for port 0).</summary>
    public EndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Starts serving with a handler per connection: it reads and writes the connection until it returns, and then the connection closes.</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="onConnection">Serves one connection.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <returns>The running server.</returns>
    public static ProtocolServer<TProtocol, TClientMessage, TServerMessage> Start(EndPoint endPoint, Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> onConnection, ProtocolServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(onConnection);
        if (TProtocol.IsDatagram)
        {
            throw new InvalidOperationException($"{typeof(TProtocol).Name} sends one message per datagram; use ProtocolDatagramServer.");
        }

        options ??= new ProtocolServerOptions();
        var listener = endPoint is ListeningSocketEndPoint activated ? activated.Take() : SocketListener.Start(endPoint, options.Listener);
        return new ProtocolServer<TProtocol, TClientMessage, TServerMessage>(listener, onConnection, options);
    }

    /// <summary>Starts serving with a handler per message: it answers through the connection it is given, with as many messages as the protocol wants (or none).</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="onMessage">Handles one message.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <returns>The running server.</returns>
    public static ProtocolServer<TProtocol, TClientMessage, TServerMessage> Start(EndPoint endPoint, Func<TClientMessage, ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, ValueTask> onMessage, ProtocolServerOptions? options = null)
    {
        return Start(endPoint, PerMessage(onMessage), options);
    }

    /// <summary>Stops accepting, closes every connection and waits for their handlers to end.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] running;
        lock (_connectionsLock)
        {
            running = _connections.ToArray();
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{typeof(TProtocol).Name} server {_listener}";

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            SocketConnection accepted;
            try
            {
                accepted = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_stopping.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors and the like: log and keep accepting after a pause, as the other connections are fine.
                ProtocolLog.AcceptFailed(_logger, this, ex);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            var serving = ServeAsync(accepted);
            lock (_connectionsLock)
            {
                _connections.Add(serving);
            }

            _ = serving.ContinueWith(
                done =>
                {
                    lock (_connectionsLock)
                    {
                        _connections.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(SocketConnection accepted)
    {
        await Task.Yield(); // the accept loop goes straight back to accepting
        await ServeConnectionAsync(accepted, _onConnection, _options, _logger, _maxFrameLength, this, _stopping.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves one connection accepted elsewhere (say, by a listener that sniffs the first bytes to choose between
    /// protocols) exactly as a server started here would: the handler runs, then the connection closes; a broken
    /// protocol or limit is logged, never thrown.
    /// </summary>
    /// <param name="accepted">The connection; it is closed when this returns.</param>
    /// <param name="onConnection">Serves the connection.</param>
    /// <param name="options">Settings (limit, logger), or null for the defaults.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public static Task ServeConnectionAsync(SocketConnection accepted, Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> onConnection, ProtocolServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(onConnection);
        options ??= new ProtocolServerOptions();
        return ServeConnectionAsync(accepted, onConnection, options, options.Logger ?? NullLogger.Instance, options.MaxFrameLength ?? TProtocol.DefaultMaxFrameLength, typeof(TProtocol).Name + " server", cancellationToken);
    }

    /// <summary>A per-message handler as a per-connection one.</summary>
    /// <param name="onMessage">Handles one message.</param>
    /// <param name="onMalformed">
    /// Answers a frame that does not decode as a message (a text protocol's unknown command or bad arguments); the
    /// connection then carries on. When null, such a frame closes the connection with its reason logged.
    /// </param>
    /// <returns>The per-connection handler.</returns>
    public static Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> PerMessage(
        Func<TClientMessage, ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, ValueTask> onMessage,
        Func<ProtocolViolationException, ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, ValueTask>? onMalformed = null)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        return async (connection, cancellationToken) =>
        {
            while (await connection.ReceiveFrameAsync(cancellationToken).ConfigureAwait(false))
            {
                TClientMessage message;
                try
                {
                    message = connection.DecodeFrame();
                }
                catch (ProtocolViolationException ex) when (onMalformed is not null)
                {
                    await onMalformed(ex, connection).ConfigureAwait(false);
                    continue;
                }

                await onMessage(message, connection).ConfigureAwait(false);
            }

            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        };
    }

    private static async Task ServeConnectionAsync(SocketConnection accepted, Func<ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>, CancellationToken, Task> onConnection, ProtocolServerOptions options, ILogger logger, int maxFrameLength, object server, CancellationToken cancellationToken)
    {
        var remote = accepted.RemoteEndPoint;
        Stream stream = options.Tls is null
            ? new NetworkStream(accepted.Socket, ownsSocket: true)
            : TlsNegotiation.CreateServerStream(accepted.Socket, new SocketServerOptions { Tls = options.Tls }, peerSpeaksSocketGen: false);
        using var connection = new ProtocolServerConnection<TProtocol, TClientMessage, TServerMessage>(stream, remote, maxFrameLength);
        try
        {
            await onConnection(connection, cancellationToken).ConfigureAwait(false);
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LimitExceededException or ProtocolViolationException or System.Security.Authentication.AuthenticationException)
        {
            ProtocolLog.ClosedOnError(logger, server, remote, ex.Message);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        catch (Exception ex) when (ex is IOException or ConnectionLostException)
        {
            ProtocolLog.Lost(logger, server, remote, ex.Message);
        }
        catch (Exception ex)
        {
            ProtocolLog.HandlerFailed(logger, server, remote, ex);
        }
        finally
        {
            accepted.Dispose();
        }
    }
}
