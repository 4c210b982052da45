using System.Runtime.CompilerServices;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>The client stream a call receives (wire 1.2, docs/wire-format.md §11).</summary>
public sealed partial class RpcServerCall
{
    internal StreamInbox? Inbox => _inbox;

    /// <summary>
    /// The stream of items the client sends with this call, for the user's method. Grants the client its first
    /// credit; reading items grants more. The enumerable ends when the client ends its stream, and throws when
    /// the client's stream failed (<see cref="RemoteException"/>) or the call was cancelled. Called once per call,
    /// by the generated dispatcher, before the user's method runs.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="decodeItem">The item decoder.</param>
    /// <returns>The items, in the order the client sent them.</returns>
    public IAsyncEnumerable<T> ReceiveStream<T>(WireDecoder<T> decodeItem)
    {
        ArgumentNullException.ThrowIfNull(decodeItem);
        if (Kind is not (RpcMethodKind.ClientStream or RpcMethodKind.DuplexStream) || _inbox is not null)
        {
            throw new InvalidOperationException("The call's method takes no client stream, or it was already received.");
        }

        IncomingCalls owner = Owner;
        var inbox = new StreamInbox<T>(decodeItem, owner.ClientStreamWindow, owner.ClientStreamWindowBytes, owner.Writer.MaxPayloadLength);
        _inbox = inbox;
        StreamFrames.WriteCredit(owner.Writer, CallId, MethodId, inbox.InitialItems, inbox.InitialBytes);
        return ReadStreamAsync(inbox, owner, CallId, MethodId, CancellationToken);
    }

    /// <summary>
    /// Waits for items; when the caller's stream failed, its error wins over the cancellation that follows it
    /// (the caller's error frame both fails the stream and cancels the call).
    /// </summary>
    private static async ValueTask<bool> WaitForItemsAsync<T>(StreamInbox<T> inbox, CancellationToken token)
    {
        try
        {
            return await inbox.Items.WaitToReadAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (inbox.Items.Completion.IsFaulted)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inbox.Items.Completion.Exception!.InnerException!);
            throw;
        }
    }

    private static async IAsyncEnumerable<T> ReadStreamAsync<T>(StreamInbox<T> inbox, IncomingCalls owner, uint callId, uint methodId, CancellationToken callToken, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using CancellationTokenSource? linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken) : null;
        CancellationToken token = linked?.Token ?? callToken;
        while (await WaitForItemsAsync(inbox, token).ConfigureAwait(false))
        {
            while (inbox.Items.TryRead(out (T Item, int Size) entry))
            {
                token.ThrowIfCancellationRequested();
                yield return entry.Item;
                if (inbox.OnConsumed(entry.Size, out uint items, out uint? bytes))
                {
                    StreamFrames.WriteCredit(owner.Writer, callId, methodId, items, bytes);
                }
            }
        }
    }
}
