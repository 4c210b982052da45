using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>Stream credit and the client streams of calls this side makes (wire 1.2, docs/wire-format.md §11).</summary>
internal sealed partial class OutgoingCalls
{
    /// <summary>True when the peer speaks wire 1.2, which client and bidirectional streams need.</summary>
    public bool PeerSpeaksStreams => _connection.PeerMinorVersion >= 2;

    /// <summary>Sends stream credit for the peer's stream to this call: items, and bytes when the window counts them.</summary>
    public void GrantCredit(PendingCall call, uint items, uint? bytes) => StreamFrames.WriteCredit(Writer, call.CallId, call.MethodId, items, bytes);

    /// <summary>A credit frame for one of this side's calls arrived: its client stream may send more.</summary>
    /// <exception cref="ProtocolViolationException">The call sends no stream, or the credit grants nothing.</exception>
    public void OnStreamCredit(uint callId, uint items, uint? bytes) => Find(callId, remove: false)?.OnCredit(items, bytes);

    /// <summary>
    /// Sends one item of a call's client stream, once credit is held; false when the call or the connection is over.
    /// </summary>
    /// <exception cref="LimitExceededException">The item is larger than the frame cap.</exception>
    public async ValueTask<bool> SendStreamItemAsync<T>(PendingCall call, T item, WireEncoder<T> encodeItem, CancellationToken cancellationToken)
    {
        StreamSendCredit credit = call.SendCredit!;
        if (!await credit.WaitAsync().ConfigureAwait(false) || !IsPending(call))
        {
            return false;
        }

        if (!StreamFrames.WriteItem(Writer, call.CallId, call.MethodId, item, encodeItem, credit))
        {
            return false;
        }

        if (Writer.IsOverBacklog)
        {
            // The server reads slower than this stream produces: wait for room instead of buffering.
            await Writer.WaitForDrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Ends a call's client stream: the server's enumerable of it completes.</summary>
    public void SendStreamEnd(PendingCall call)
    {
        if (IsPending(call))
        {
            Writer.WriteFrame(FrameType.StreamEnd, FrameFlags.None, call.CallId, call.MethodId, ReadOnlySpan<byte>.Empty);
        }
    }

    /// <summary>
    /// The client's own stream failed: the server is told with an error frame for the call (its handler is
    /// cancelled and its enumerable of the stream throws), and the caller gets <paramref name="error"/>.
    /// </summary>
    public void FailOwnStream(PendingCall call, Exception error)
    {
        if (!TryRemove(call))
        {
            return;
        }

        Writer.WriteError(call.CallId, call.MethodId, RpcErrorCode.ApplicationError, error.GetType().FullName ?? error.GetType().Name, error.Message, null);
        call.OnError(error);
    }

    private bool IsPending(PendingCall call)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(call.CallId, out PendingCall? registered) && ReferenceEquals(registered, call);
        }
    }
}
