using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>The client streams of calls this side serves (wire 1.2, docs/wire-format.md §11).</summary>
internal sealed partial class IncomingCalls
{
    /// <summary>The most item credit one of this side's streams may hold.</summary>
    public int MaxStreamCredit => _options.MaxStreamCredit;

    /// <summary>The items a caller's stream may run ahead of the handler reading it.</summary>
    public int ClientStreamWindow => _options.ClientStreamWindow;

    /// <summary>The payload bytes a caller's stream may run ahead of the handler reading it.</summary>
    public int ClientStreamWindowBytes => _options.ClientStreamWindowBytes;

    /// <summary>An item of a caller's stream arrived; ignored when its call is over.</summary>
    /// <exception cref="ProtocolViolationException">The call takes no stream, or the caller overran its credit.</exception>
    public void OnStreamItem(uint callId, ReadOnlySpan<byte> payload)
    {
        StreamInbox? inbox = FindInbox(callId, FrameType.StreamItem);
        if (inbox is not null)
        {
            var reader = new WireReader(payload);
            inbox.OnItem(ref reader, payload.Length);
        }
    }

    /// <summary>A caller ended its stream.</summary>
    /// <exception cref="ProtocolViolationException">The call takes no stream.</exception>
    public void OnStreamEnd(uint callId) => FindInbox(callId, FrameType.StreamEnd)?.OnEnd();

    /// <summary>
    /// A caller sent an error frame for its own call: its stream failed. The handler's enumerable of the stream
    /// throws the error as a <see cref="RemoteException"/>, and the handler's token is cancelled.
    /// </summary>
    public void OnCallerError(uint callId, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ErrorPayload.Read(ref reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
        lock (_lock)
        {
            if (_calls.TryGetValue(callId, out RpcServerCall? call))
            {
                call.Inbox?.OnError(new RemoteException(code == RpcErrorCode.ApplicationError ? code : RpcErrorCode.ApplicationError, typeName, "The caller's stream failed: " + message, stackTrace));
                call.RequestCancel();
            }
            else if (FindWaiting(callId) is { } waiting)
            {
                waiting.IsCancelled = true;
            }
        }
    }

    private StreamInbox? FindInbox(uint callId, FrameType type)
    {
        lock (_lock)
        {
            if (!_calls.TryGetValue(callId, out RpcServerCall? call))
            {
                // Over already (answered, cancelled or failed), or still waiting for a slot (it has granted no credit).
                return FindWaiting(callId) is null ? null : throw new ProtocolViolationException($"The client sent a {type} frame for call {callId} before the server granted its stream credit.");
            }

            return call.Inbox ?? throw new ProtocolViolationException($"The client sent a {type} frame for call {callId}, whose method takes no stream.");
        }
    }
}
