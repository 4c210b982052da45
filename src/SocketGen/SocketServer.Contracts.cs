using System.Net;
using SocketGen.Rpc;

namespace SocketGen;

public sealed partial class SocketServer
{
    /// <summary>
    /// Serves several contracts on one listener, for example your own beside the health contract:
    /// <c>SocketServer.StartAsync([CalculatorServer.CreateDispatcher(calculator), health.CreateDispatcher()], endPoint)</c>.
    /// </summary>
    /// <param name="dispatchers">One dispatcher per contract (the generated <c>XServer.CreateDispatcher</c>).</param>
    /// <param name="endPoint">Where to listen; port 0 picks a free port.</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">Two contracts have a method with the same id; the message names both.</exception>
    public static ValueTask<SocketServer> StartAsync(IEnumerable<RpcDispatcher> dispatchers, EndPoint endPoint, SocketServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatchers);
        return StartAsync(new ContractSetDispatcher(dispatchers), endPoint, options, cancellationToken);
    }
}
