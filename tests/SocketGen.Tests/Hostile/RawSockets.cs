using System.Net.Sockets;
using SocketGen.Rpc;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Hostile;

/// <summary>A raw TCP peer for the hostile-input suites (plaintext and TLS): sends whatever bytes a test makes.</summary>
internal static class RawSockets
{
    /// <summary>Connects a plain socket to the test server, bounded by the default test timeout.</summary>
    public static async Task<Socket> ConnectAsync(RpcTestHost host)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.EndPoint).WaitAsync(TestTimeout.Default);
        return socket;
    }

    /// <summary>Sends bytes, ignoring the error when the server already closed on earlier bad bytes.</summary>
    public static async Task SendQuietlyAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await socket.SendAsync(bytes).AsTask().WaitAsync(TestTimeout.Default);
        }
        catch (SocketException)
        {
            // The server may already have closed on the first bad bytes.
        }
    }

    /// <summary>Shuts down the sending side, ignoring the error when the server already closed.</summary>
    public static void ShutdownSendQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the server.
        }
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections that never send a byte and waits until the server has closed
    /// every one at its handshake timeout, leaving only the good client. The caller disposes the sockets.
    /// </summary>
    public static async Task<List<Socket>> OpenIdleUntilHandshakeTimeoutsAsync(RpcTestHost host, int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                sockets.Add(await ConnectAsync(host));
            }

            await RpcEngineTests.WaitUntil(() => host.Logger.Closes(CloseReason.HandshakeTimeout).Length >= count, seconds: 30);
            await RpcEngineTests.WaitUntil(() => host.Server.ConnectionCount == 1, seconds: 10);
            return sockets;
        }
        catch
        {
            DisposeAll(sockets);
            throw;
        }
    }

    public static void DisposeAll(List<Socket> sockets)
    {
        foreach (Socket socket in sockets)
        {
            socket.Dispose();
        }
    }
}
