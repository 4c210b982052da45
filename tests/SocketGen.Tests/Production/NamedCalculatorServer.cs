using System.Net;
using SocketGen.Rpc;
using SocketGen.Serialization;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

/// <summary>
/// A calculator server whose contract carries a name unique to one test, so metrics and spans from tests
/// running in parallel cannot be mistaken for its own.
/// </summary>
public sealed class NamedCalculatorServer : IAsyncDisposable
{
    private NamedCalculatorServer(SocketServer server, string contractName, TestLogger logger)
    {
        Server = server;
        ContractName = contractName;
        Logger = logger;
    }

    public SocketServer Server { get; }

    public string ContractName { get; }

    public TestLogger Logger { get; }

    public static async Task<NamedCalculatorServer> StartAsync(SocketServerOptions? options = null)
    {
        string name = "Calculator-" + Guid.NewGuid().ToString("N");
        var logger = new TestLogger();
        options ??= new SocketServerOptions();
        options.Logger = logger;
        SocketServer server = await SocketServer.StartAsync(new RenamedDispatcher(new CalculatorDispatcher(new Calculator()), name), new IPEndPoint(IPAddress.Loopback, 0), options, CancellationToken.None);
        return new NamedCalculatorServer(server, name, logger);
    }

    public async Task<CalculatorClient> ConnectAsync(SocketClientOptions? options = null) =>
        new CalculatorClient(await RpcConnection.ConnectAsync(Server.LocalEndPoint, options, TestTimeout.Token()));

    public async ValueTask DisposeAsync() => await Server.StopAsync(TestTimeout.Token());

    private sealed class RenamedDispatcher(RpcDispatcher inner, string name) : RpcDispatcher
    {
        public override string ContractName => name;

        public override RpcMethodKind GetMethodKind(uint methodId) => inner.GetMethodKind(methodId);

        public override string? GetMethodName(uint methodId) => inner.GetMethodName(methodId);

        public override ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call) => inner.DispatchAsync(methodId, ref args, call);
    }
}
