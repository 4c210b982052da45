using SocketGen.Framing;

namespace SocketGen.Rpc;

/// <summary>The call context a served method sees, and which side may start calls with which call ids (wire 1.2).</summary>
internal sealed partial class IncomingCalls
{
    /// <summary>The connection as the methods served on it see it.</summary>
    public SocketConnectionContext ConnectionContext => _connection.GetContext(_dispatcher.ContractName);

    /// <summary>Makes the call's context current for the method about to run; returns the one to restore.</summary>
    private SocketCallContext? EnterCallContext(RpcServerCall call, IReadOnlyDictionary<string, string> metadata)
    {
        var context = new SocketCallContext(ConnectionContext, _dispatcher.GetMethodName(call.MethodId) ?? "?", metadata, call.DeadlineAt, call.CancellationToken);
        call.Context = context;
        return SocketCallContext.Enter(context);
    }

    /// <summary>
    /// A frame's call id says which side started the call (wire 1.2): a 1.2 client's calls have the high bit
    /// clear, a server's have it set. A client serves calls only from a server that speaks 1.2.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The call id is in the other side's half, or the server is older than 1.2.</exception>
    private void CheckCallIdSpace(in FrameHeader header)
    {
        bool serverCallId = (header.CallId & OutgoingCalls.ServerCallIdBit) != 0;
        if (_connection.Settings.IsAccepted)
        {
            // A 1.0 or 1.1 client may reach these ids by wrapping its counter: only 1.2 reserves them.
            if (serverCallId && _connection.PeerMinorVersion >= 2)
            {
                throw new ProtocolViolationException($"Call id {header.CallId} has the high bit set, which marks calls the server starts; a 1.2 client must not use it.");
            }
        }
        else if (_connection.PeerMinorVersion < 2)
        {
            throw new ProtocolViolationException($"Server-to-client calls need wire 1.2; the server speaks 1.{_connection.PeerMinorVersion} and sent a {header.Type} frame.");
        }
        else if (!serverCallId)
        {
            throw new ProtocolViolationException($"Call id {header.CallId} of a call from the server does not have the high bit set.");
        }
    }
}
