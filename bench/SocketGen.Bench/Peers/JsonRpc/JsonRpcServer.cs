using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SocketGen.Bench.Servers;

namespace SocketGen.Bench.Peers.JsonRpc;

/// <summary>StreamJsonRpc over TCP: an accept loop, and one <see cref="StreamJsonRpc.JsonRpc"/> per connection serving <see cref="JsonRpcBench"/>.</summary>
internal sealed class JsonRpcServer : IBenchServer
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<StreamJsonRpc.JsonRpc, bool> _connections = new();
    private readonly Task _acceptLoop;

    private JsonRpcServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static JsonRpcServer Start()
    {
        return new JsonRpcServer(LoopbackListener.Open());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (StreamJsonRpc.JsonRpc connection in _connections.Keys)
        {
            connection.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var target = new JsonRpcBench();
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            StreamJsonRpc.JsonRpc rpc = JsonRpcConnections.Create(socket);
            rpc.AddLocalRpcTarget<IJsonRpcBench>(target, null);
            _connections[rpc] = true;
            rpc.Disconnected += (_, _) => _connections.TryRemove(rpc, out _);
            rpc.StartListening();
        }
    }
}
