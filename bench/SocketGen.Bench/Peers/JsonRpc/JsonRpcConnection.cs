using System.Net;
using System.Net.Sockets;
using SocketGen.Bench.Driving;
using StreamJsonRpc;

namespace SocketGen.Bench.Peers.JsonRpc;

/// <summary>StreamJsonRpc's client: a <see cref="StreamJsonRpc.JsonRpc"/> on one TCP connection, called through its <see cref="IJsonRpcBench"/> proxy.</summary>
internal sealed class JsonRpcConnection : IBenchConnection
{
    private readonly StreamJsonRpc.JsonRpc _rpc;
    private readonly IJsonRpcBench _proxy;

    private JsonRpcConnection(StreamJsonRpc.JsonRpc rpc)
    {
        _rpc = rpc;
        _proxy = rpc.Attach<IJsonRpcBench>();
        rpc.StartListening();
    }

    public static async Task<IBenchConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
        return new JsonRpcConnection(JsonRpcConnections.Create(socket));
    }

    public ValueTask<int> AddAsync(int a, int b) => new(_proxy.AddAsync(a, b));

    public async ValueTask<int> EchoAsync(byte[] data) => (await _proxy.EchoAsync(data).ConfigureAwait(false)).Length;

    public ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        return ValueTask.CompletedTask;
    }
}
