using System.ComponentModel;
using SocketGen.Connections;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The calls a server makes to one client's callbacks (wire 1.2), under a generated callbacks proxy. A call to a
/// client that is gone fails at once with <see cref="CallNotStartedException"/>; one to a client that cannot take
/// calls (it registered no callbacks, or speaks an older wire version) with <see cref="NotSupportedException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RpcCallbackChannel
{
    private readonly FramedConnection _connection;
    private readonly string _callbacksName;

    private RpcCallbackChannel(SocketConnectionContext connection, string callbacksName)
    {
        _connection = connection.Connection;
        _callbacksName = callbacksName;
        Connection = connection;
    }

    /// <summary>The client's connection.</summary>
    public SocketConnectionContext Connection { get; }

    /// <summary>The proxy for a connection's callbacks, made once per connection by <paramref name="create"/>.</summary>
    /// <typeparam name="T">The generated proxy's type.</typeparam>
    /// <param name="connection">A connection of a server for the contract <paramref name="contractName"/>.</param>
    /// <param name="contractName">The contract whose callbacks the proxy calls.</param>
    /// <param name="callbacksName">The callbacks interface, for error messages.</param>
    /// <param name="create">Makes the proxy over its channel.</param>
    /// <returns>The connection's proxy.</returns>
    /// <exception cref="ArgumentException">The connection serves another contract.</exception>
    public static T GetProxy<T>(SocketConnectionContext connection, string contractName, string callbacksName, Func<RpcCallbackChannel, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(create);
        if (connection.ContractName != contractName || !connection.Connection.Settings.IsAccepted)
        {
            throw new ArgumentException($"The {connection} serves {connection.ContractName}{(connection.Connection.Settings.IsAccepted ? "" : " as a client")}, not {contractName}: it has no {callbacksName} to call.", nameof(connection));
        }

        return connection.GetCallbacks(c => create(new RpcCallbackChannel(c, callbacksName)));
    }

    /// <summary>Calls a callback that returns a value.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="methodId">The callback's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="decodeResult">The result's decoder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The client's result.</returns>
    public ValueTask<TResult> InvokeAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(decodeResult);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        return Unavailable() is { } error
            ? ValueTask.FromException<TResult>(error)
            : _connection.Outgoing.Invoke(methodId, args, encodeArgs, decodeResult, null, cancellationToken);
    }

    /// <summary>Calls a callback without a result and waits for the client to run it.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The callback's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the client's method has.</returns>
    public ValueTask InvokeAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return Unavailable() is { } error
            ? ValueTask.FromException(error)
            : _connection.Outgoing.Invoke(methodId, args, encodeArgs, null, cancellationToken);
    }

    /// <summary>Sends a one-way callback: completes when it is handed to the transport.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The callback's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued for sending.</returns>
    public ValueTask SendOneWayAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Exception? error = Unavailable() ?? _connection.Outgoing.SendOneWay(methodId, args, encodeArgs);
        return error is null ? default : ValueTask.FromException(error);
    }

    /// <summary>Why the client cannot take the call now, or null when it can.</summary>
    private Exception? Unavailable()
    {
        if (_connection.IsClosed)
        {
            return new CallNotStartedException(null, $"The client at {_connection.Remote} ({Connection}) has disconnected; the callback was not sent.");
        }

        if (_connection.PeerMinorVersion < 2)
        {
            return new NotSupportedException($"Server-to-client calls need wire 1.2; the client at {_connection.Remote} speaks 1.{_connection.PeerMinorVersion}. The callback was not sent.");
        }

        if (!_connection.PeerServesCalls)
        {
            return new NotSupportedException($"The client at {_connection.Remote} registered no {_callbacksName} (it connected without callbacks); the callback was not sent.");
        }

        return null;
    }
}
