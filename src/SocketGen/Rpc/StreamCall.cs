using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The client side of a call whose result is a stream: a server-to-client stream, or the server's half of a
/// bidirectional one (whose client half is sent by <see cref="PendingCall.SendCredit"/>'s holder). Items are
/// decoded as they arrive into an inbox that never holds more than the credit the client granted.
/// </summary>
internal sealed class StreamCall<T> : PendingCall
{
    public StreamCall(WireDecoder<T> decoder, int windowItems, int windowBytes, int maxPayloadLength)
    {
        Inbox = new StreamInbox<T>(decoder, windowItems, windowBytes, maxPayloadLength);
    }

    public override bool IsStream => true;

    public StreamInbox<T> Inbox { get; }

    public bool Finished { get; private set; }

    public override void OnResponse(ref WireReader reader) =>
        throw new ProtocolViolationException($"The server sent a unary response for stream call {CallId}.");

    public override void OnStreamItem(ref WireReader reader, int payloadLength) => Inbox.OnItem(ref reader, payloadLength);

    public override void OnStreamEnd()
    {
        EndActivity(null);
        Finished = true;
        EndSending();
        Inbox.OnEnd();
    }

    public override void OnError(Exception error)
    {
        EndActivity(error);
        Finished = true;
        EndSending();
        Inbox.OnError(error);
    }
}
