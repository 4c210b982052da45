using System.Runtime.CompilerServices;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>Client and bidirectional streams (wire 1.2, docs/wire-format.md §11), and the stream loop they share with server streams.</summary>
public sealed partial class RpcConnection
{
    /// <summary>
    /// Calls a method that takes a client stream and returns a value. The items are sent as
    /// <paramref name="items"/> yields them, under the credit the server grants; the call completes with the
    /// server's result, which ends the stream if it is still running.
    /// </summary>
    /// <typeparam name="TArgs">The ordinary arguments, or a tuple of them.</typeparam>
    /// <typeparam name="TItem">The item type of the client stream.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The ordinary arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="items">The client stream.</param>
    /// <param name="encodeItem">The item encoder.</param>
    /// <param name="decodeResult">The result's decoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, and with it both directions.</param>
    /// <returns>The result.</returns>
    /// <exception cref="CallNotStartedException">The server speaks wire 1.1, which has no client streams, or the call could not be sent.</exception>
    /// <exception cref="RemoteException">The server's method threw.</exception>
    public ValueTask<TResult> InvokeClientStreamAsync<TArgs, TItem, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, IAsyncEnumerable<TItem> items, WireEncoder<TItem> encodeItem, WireDecoder<TResult> decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encodeItem);
        ArgumentNullException.ThrowIfNull(decodeResult);
        return ClientStreamAsync(methodId, args, encodeArgs, items, encodeItem, decodeResult, callOptions, cancellationToken);
    }

    /// <summary>Calls a method that takes a client stream and returns no value; completes when the server's method has.</summary>
    /// <typeparam name="TArgs">The ordinary arguments, or a tuple of them.</typeparam>
    /// <typeparam name="TItem">The item type of the client stream.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The ordinary arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="items">The client stream.</param>
    /// <param name="encodeItem">The item encoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, and with it both directions.</param>
    /// <returns>A task that completes when the server's method has.</returns>
    /// <exception cref="CallNotStartedException">The server speaks wire 1.1, which has no client streams, or the call could not be sent.</exception>
    /// <exception cref="RemoteException">The server's method threw.</exception>
    public ValueTask InvokeClientStreamAsync<TArgs, TItem>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, IAsyncEnumerable<TItem> items, WireEncoder<TItem> encodeItem, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encodeItem);
        return new ValueTask(ClientStreamAsync<TArgs, TItem, bool>(methodId, args, encodeArgs, items, encodeItem, null, callOptions, cancellationToken).AsTask());
    }

    /// <summary>
    /// Calls a bidirectional stream method: <paramref name="items"/> is sent as it yields, while the server's
    /// items are returned as they arrive, each direction under its own credit. The server's end of its stream
    /// (or its error) ends the call; stopping the enumeration early, or cancelling, ends both directions.
    /// </summary>
    /// <typeparam name="TArgs">The ordinary arguments, or a tuple of them.</typeparam>
    /// <typeparam name="TItem">The item type of the client stream.</typeparam>
    /// <typeparam name="TResult">The item type of the server stream.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The ordinary arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="items">The client stream.</param>
    /// <param name="encodeItem">The client stream's item encoder.</param>
    /// <param name="decodeResult">The server stream's item decoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's items.</returns>
    public IAsyncEnumerable<TResult> InvokeDuplexStreamAsync<TArgs, TItem, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, IAsyncEnumerable<TItem> items, WireEncoder<TItem> encodeItem, WireDecoder<TResult> decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encodeItem);
        ArgumentNullException.ThrowIfNull(decodeResult);
        return StreamAsync(methodId, args, encodeArgs, decodeResult, items, encodeItem, callOptions, cancellationToken);
    }

    private static CallNotStartedException NeedsWire12(OutgoingCalls calls, string feature) =>
        new(null, $"{feature} need wire 1.2; the server speaks 1.{calls.Connection.PeerMinorVersion}. The call was not sent.");

    private async ValueTask<TResult> ClientStreamAsync<TArgs, TItem, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, IAsyncEnumerable<TItem> items, WireEncoder<TItem> encodeItem, WireDecoder<TResult>? decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ConnectionLease lease = await LeaseConnectionAsync(cancellationToken).ConfigureAwait(false);
        OutgoingCalls calls = lease.Calls;
        var call = new ClientStreamCall<TResult>(decodeResult)
        {
            SendCredit = new StreamSendCredit(int.MaxValue),
            SendCancellation = new CancellationTokenSource(),
        };
        Exception? error;
        try
        {
            error = calls.PeerSpeaksStreams ? calls.StartCall(call, methodId, args, encodeArgs, callOptions) : NeedsWire12(calls, "Client streams");
        }
        finally
        {
            lease.Release();
        }

        if (error is not null)
        {
            throw error;
        }

        using CancellationTokenRegistration cancelOnToken = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingCall)state!).Owner?.CancelCall((PendingCall)state!, token), call)
            : default;
        _ = SendClientStreamAsync(calls, call, items, encodeItem);
        return await call.Result.ConfigureAwait(false);
    }

    /// <summary>
    /// The loop under every stream result (server streams, and the server half of bidirectional ones): grants
    /// credit as the consumer takes items, and cancels the call when the consumer stops early or cancels.
    /// </summary>
    private async IAsyncEnumerable<TItem> StreamAsync<TArgs, TItem, TSent>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TItem> decodeItem, IAsyncEnumerable<TSent>? sent, WireEncoder<TSent>? encodeSent, SocketCallOptions? callOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ConnectionLease lease = await LeaseConnectionAsync(cancellationToken).ConfigureAwait(false);
        OutgoingCalls calls = lease.Calls;
        bool countsBytes = calls.PeerSpeaksStreams;
        var call = new StreamCall<TItem>(decodeItem, _options.StreamWindow, countsBytes ? _options.StreamWindowBytes : 0, _options.MaxFramePayloadLength);
        if (sent is not null)
        {
            call.SendCredit = new StreamSendCredit(int.MaxValue);
            call.SendCancellation = new CancellationTokenSource();
        }

        Exception? error;
        try
        {
            error = sent is not null && !countsBytes ? NeedsWire12(calls, "Bidirectional streams") : calls.StartCall(call, methodId, args, encodeArgs, callOptions);
        }
        finally
        {
            lease.Release();
        }

        if (error is not null)
        {
            throw error;
        }

        calls.GrantCredit(call, call.Inbox.InitialItems, call.Inbox.InitialBytes);
        if (sent is not null)
        {
            _ = SendClientStreamAsync(calls, call, sent, encodeSent!);
        }

        // Cancelling sends the cancel frame at once, even while the consumer is busy with an item, so the
        // server's producer stops now rather than when the consumer next asks for an item.
        using CancellationTokenRegistration cancelOnToken = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((StreamCall<TItem>)state!).Owner?.CancelCall((StreamCall<TItem>)state!, token), call)
            : default;
        try
        {
            while (await call.Inbox.Items.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (call.Inbox.Items.TryRead(out (TItem Item, int Size) entry))
                {
                    // Items already received are not handed out once the caller cancelled.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return entry.Item;
                    if (call.Inbox.OnConsumed(entry.Size, out uint items, out uint? bytes) && !call.Finished)
                    {
                        calls.GrantCredit(call, items, bytes);
                    }
                }
            }
        }
        finally
        {
            if (!call.Finished)
            {
                // Ends both directions: the call's end stops the pump sending the client stream.
                calls.CancelCall(call, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Sends a call's client stream as it yields, under credit, then its end. Stops when the call ends (result,
    /// error, cancellation, connection loss); an exception from the enumerable fails the call on both sides.
    /// </summary>
    private static async Task SendClientStreamAsync<TItem>(OutgoingCalls calls, PendingCall call, IAsyncEnumerable<TItem> items, WireEncoder<TItem> encodeItem)
    {
        CancellationToken stop = call.SendCancellation!.Token;

        // Registered before the user's enumerable starts: see StreamSendCredit.CancelOn.
        using CancellationTokenRegistration wakeOnStop = call.SendCredit!.CancelOn(stop);
        try
        {
            await foreach (TItem item in items.WithCancellation(stop).ConfigureAwait(false))
            {
                if (!await calls.SendStreamItemAsync(call, item, encodeItem, stop).ConfigureAwait(false))
                {
                    return;
                }
            }

            calls.SendStreamEnd(call);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The call is over; nothing more to send.
        }
        catch (Exception ex)
        {
            calls.FailOwnStream(call, ex);
        }
    }
}
