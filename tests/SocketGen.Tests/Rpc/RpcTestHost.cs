using System.Net;

namespace SocketGen.Tests.Rpc;

/// <summary>A calculator server on loopback and the means to connect clients to it.</summary>
public sealed class RpcTestHost : IAsyncDisposable
{
    private readonly List<CalculatorClient> _clients = new();

    private RpcTestHost(SocketServer server, Calculator calculator, TestLogger logger)
    {
        Server = server;
        Calculator = calculator;
        Logger = logger;
    }

    public SocketServer Server { get; }

    public Calculator Calculator { get; }

    public TestLogger Logger { get; }

    public IPEndPoint EndPoint => (IPEndPoint)Server.LocalEndPoint;

    public static async Task<RpcTestHost> StartAsync(SocketServerOptions? options = null, EndPoint? endPoint = null)
    {
        var logger = new TestLogger();
        options ??= new SocketServerOptions();
        options.Logger ??= logger;
        var calculator = new Calculator();
        SocketServer server = await SocketServer.StartAsync(new CalculatorDispatcher(calculator), endPoint ?? new IPEndPoint(IPAddress.Loopback, 0), options, CancellationToken.None);
        return new RpcTestHost(server, calculator, (TestLogger)options.Logger);
    }

    public async Task<CalculatorClient> ConnectAsync(SocketClientOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        SocketGen.Rpc.RpcConnection connection = await SocketGen.Rpc.RpcConnection.ConnectAsync(Server.LocalEndPoint, options, timeout.Token);
        var client = new CalculatorClient(connection);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (CalculatorClient client in _clients)
        {
            await client.DisposeAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.StopAsync(timeout.Token);
    }
}

internal static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static CancellationToken Token(int seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
