using System.ComponentModel;

namespace SocketGen.Protocols;

/// <summary>
/// A wire protocol's framing and codecs, implemented by the generator on a <see cref="WireProtocolAttribute"/>
/// class; the protocol endpoints call these members and nothing else about the protocol.
/// </summary>
/// <typeparam name="TClientMessage">What a client sends.</typeparam>
/// <typeparam name="TServerMessage">What a server sends.</typeparam>
public interface IWireProtocol<TClientMessage, TServerMessage>
{
    /// <summary>The largest frame accepted unless an endpoint's options say otherwise.</summary>
    static abstract int DefaultMaxFrameLength { get; }

    /// <summary>Whether messages travel one per datagram (served by the datagram endpoints) rather than on a stream.</summary>
    static abstract bool IsDatagram { get; }

    /// <summary>Where the first frame in <paramref name="buffered"/> ends.</summary>
    /// <param name="buffered">The bytes received, starting at a frame.</param>
    /// <param name="fromClient">Whether the bytes are a client's messages (a server reads them) or a server's.</param>
    /// <param name="maxFrameLength">The largest frame accepted.</param>
    /// <returns>The frame's length, or 0 when more bytes are needed.</returns>
    /// <exception cref="LimitExceededException">The frame is over the limit.</exception>
    /// <exception cref="ProtocolViolationException">The bytes are not a frame of this protocol.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract long MeasureFrame(ReadOnlySpan<byte> buffered, bool fromClient, int maxFrameLength);

    /// <summary>Decodes a client's message from its frame.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ProtocolViolationException">The frame is not a valid message.</exception>
    static abstract TClientMessage ReadClientMessage(ReadOnlySpan<byte> frame);

    /// <summary>Decodes a server's message from its frame.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ProtocolViolationException">The frame is not a valid message.</exception>
    static abstract TServerMessage ReadServerMessage(ReadOnlySpan<byte> frame);

    /// <summary>Appends a client's message, framed, to <paramref name="writer"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="writer">Where to write it.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void WriteClientMessage(TClientMessage message, MessageWriter writer);

    /// <summary>Appends a server's message, framed, to <paramref name="writer"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="writer">Where to write it.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void WriteServerMessage(TServerMessage message, MessageWriter writer);

    /// <summary>The correlation id of a client's message, where the protocol declares one.</summary>
    /// <param name="message">The message.</param>
    /// <param name="id">Its id.</param>
    /// <returns>Whether the protocol matches replies by id.</returns>
    static abstract bool TryGetClientCorrelation(TClientMessage message, out ulong id);

    /// <summary>The correlation id of a server's message, where the protocol declares one.</summary>
    /// <param name="message">The message.</param>
    /// <param name="id">Its id.</param>
    /// <returns>Whether the protocol matches replies by id.</returns>
    static abstract bool TryGetServerCorrelation(TServerMessage message, out ulong id);
}
