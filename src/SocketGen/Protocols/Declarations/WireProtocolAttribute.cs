namespace SocketGen.Protocols;

/// <summary>
/// Declares a wire protocol on a <c>partial</c> class: what a client sends, what a server sends, and (with one
/// framing attribute beside it) how the byte stream splits into messages. The generator implements
/// <see cref="IWireProtocol{TClientMessage, TServerMessage}"/> on the class, so
/// <see cref="ProtocolClient{TProtocol, TClientMessage, TServerMessage}"/> and
/// <see cref="ProtocolServer{TProtocol, TClientMessage, TServerMessage}"/> speak it.
/// </summary>
/// <remarks>
/// Each message type is a <see cref="BinaryLayoutAttribute"/> or <see cref="TextLayoutAttribute"/> type, or an
/// interface or base class marked <see cref="MessageUnionAttribute"/> whose cases are text layouts told apart by
/// their keyword, or binary layouts told apart by the tag member they all carry
/// (<see cref="MessageUnionAttribute.TagMember"/>).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WireProtocolAttribute : Attribute
{
    /// <summary>Declares the messages each side sends.</summary>
    /// <param name="clientMessage">The type of the messages a client sends (requests).</param>
    /// <param name="serverMessage">The type of the messages a server sends (replies and unsolicited messages).</param>
    public WireProtocolAttribute(Type clientMessage, Type serverMessage)
    {
        ClientMessage = clientMessage;
        ServerMessage = serverMessage;
    }

    /// <summary>The type of the messages a client sends.</summary>
    public Type ClientMessage { get; }

    /// <summary>The type of the messages a server sends.</summary>
    public Type ServerMessage { get; }

    /// <summary>
    /// The largest frame accepted, in bytes, unless the endpoint's options say otherwise: a length prefix that
    /// claims more is refused from the header, a line longer than this closes the connection. 64 KiB by default.
    /// </summary>
    public int MaxFrameLength { get; set; } = 64 * 1024;
}
