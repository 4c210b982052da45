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
/// Connects a client to one endpoint: the generated <c>XClient.ConnectAsync(EndPoint, ...)</c> method has this
/// shape, so <c>CalculatorClient.ConnectAsync</c> can be passed as it is.
/// </summary>
/// <typeparam name="TClient">The client type.</typeparam>
/// <param name="endPoint">The server's address.</param>
/// <param name="options">The client's options.</param>
/// <param name="cancellationToken">Cancels connecting.</param>
/// <returns>The connected client.</returns>
public delegate ValueTask<TClient> SocketClientConnector<TClient>(EndPoint endPoint, SocketClientOptions? options, CancellationToken cancellationToken);
