using System.Net.Sockets;
using StreamJsonRpc;

namespace SocketGen.Bench.Peers.JsonRpc;

/// <summary>
/// How both ends of the StreamJsonRpc row set up a connection: a TCP socket with Nagle off (as SocketGen,
/// Kestrel and the native pieces have it), length-prefixed messages, MessagePack (StreamJsonRpc's fast
/// binary formatter, built on MessagePack-CSharp) instead of JSON text.
/// </summary>
internal static class JsonRpcConnections
{
    public static StreamJsonRpc.JsonRpc Create(Socket socket)
    {
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        return new StreamJsonRpc.JsonRpc(new LengthHeaderMessageHandler(stream, stream, new MessagePackFormatter()));
    }
}
