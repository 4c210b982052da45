using System.Net;

namespace SocketGen.Hosting;

/// <summary>
/// Starts a contract's server on one endpoint: the generated <c>XServer.StartAsync</c> method has this shape,
/// so <c>CalculatorServer.StartAsync</c> can be passed as it is.
/// </summary>
/// <typeparam name="TContract">The contract interface.</typeparam>
/// <param name="implementation">The object that serves the calls.</param>
/// <param name="endPoint">Where to listen (a <see cref="ListeningSocketEndPoint"/> for an inherited socket).</param>
/// <param name="options">The server's options.</param>
/// <param name="cancellationToken">Cancels the start.</param>
/// <returns>The running server.</returns>
public delegate ValueTask<SocketServer> SocketServerStarter<in TContract>(TContract implementation, EndPoint endPoint, SocketServerOptions? options, CancellationToken cancellationToken);

/// <summary>
/// Makes a balanced client: the generated <c>XClient.Connect(BalancingOptions, SocketClientOptions?)</c> method has
/// this shape, so <c>CalculatorClient.Connect</c> can be passed as it is.
/// </summary>
/// <typeparam name="TClient">The client type.</typeparam>
/// <param name="balancing">Where the servers are, how calls are spread and retried.</param>
/// <param name="options">Settings of every server's connection and of every call.</param>
/// <returns>The client; it connects on its first call.</returns>
public delegate TClient SocketClientFactory<out TClient>(Balancing.BalancingOptions balancing, SocketClientOptions? options);
