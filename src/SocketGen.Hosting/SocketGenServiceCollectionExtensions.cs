using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocketGen.Hosting;

/// <summary>
/// Registers SocketGen servers (as hosted services) and clients in a service collection. The source
/// generator emits typed wrappers per contract (<c>AddCalculatorServer&lt;TImpl&gt;</c>,
/// <c>AddCalculatorClient</c>) that call these.
/// </summary>
public static class SocketGenServiceCollectionExtensions
{
    /// <summary>
    /// Runs a contract's server as a hosted service: it starts listening when the host starts and, when the
    /// host stops, stops accepting, lets calls in flight finish (within <see cref="SocketServerOptions.DrainTimeout"/>
    /// or the host's shutdown timeout) and closes. The implementation is a singleton resolved from the container.
    /// </summary>
    /// <typeparam name="TContract">The contract interface.</typeparam>
    /// <typeparam name="TImplementation">The implementation, constructed by the container.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="start">The generated server's start method, for example <c>CalculatorServer.StartAsync</c>.</param>
    /// <param name="configure">Sets endpoints, limits and TLS, for example <c>options =&gt; options.Listen("0.0.0.0:5000")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSocketServer<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        this IServiceCollection services,
        SocketServerStarter<TContract> start,
        Action<SocketServerHostOptions>? configure = null)
        where TContract : class
        where TImplementation : class, TContract
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(start);
        string name = NameOf(typeof(TContract));
        OptionsBuilder<SocketServerHostOptions> options = services.AddOptions<SocketServerHostOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<TImplementation>();
        services.AddSingleton<IHostedService>(provider => new SocketServerHostedService<TContract>(
            name,
            provider.GetRequiredService<TImplementation>(),
            start,
            provider.GetRequiredService<IOptionsMonitor<SocketServerHostOptions>>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Registers a shared client of a contract: resolve <see cref="SocketClientProvider{TClient}"/> and call
    /// <see cref="SocketClientProvider{TClient}.GetClientAsync"/>. The client reconnects with backoff by default.
    /// </summary>
    /// <typeparam name="TClient">The generated client type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="connect">The generated client's connect method, for example <c>CalculatorClient.ConnectAsync</c>.</param>
    /// <param name="configure">Sets the address, limits and TLS, for example <c>options =&gt; options.Connect("localhost:5000")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSocketClient<TClient>(
        this IServiceCollection services,
        SocketClientConnector<TClient> connect,
        Action<SocketClientHostOptions>? configure = null)
        where TClient : class, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connect);
        string name = NameOf(typeof(TClient));
        OptionsBuilder<SocketClientHostOptions> options = services.AddOptions<SocketClientHostOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new SocketClientProvider<TClient>(
            name,
            connect,
            provider.GetRequiredService<IOptionsMonitor<SocketClientHostOptions>>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    private static string NameOf(Type type) => type.FullName ?? type.Name;
}
