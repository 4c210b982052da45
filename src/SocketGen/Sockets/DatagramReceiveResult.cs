using System.Net;

namespace SocketGen.Sockets;

/// <summary>One datagram received by <see cref="DatagramSocket.ReceiveFromAsync"/>.</summary>
/// <param name="Length">The datagram's length in bytes, all of it in the buffer.</param>
/// <param name="RemoteEndPoint">Who sent it.</param>
public readonly record struct DatagramReceiveResult(int Length, EndPoint RemoteEndPoint);
