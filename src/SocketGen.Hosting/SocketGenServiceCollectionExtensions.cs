using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketGen.Health;

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

        // One health for every hosted server: each serves the health contract beside its own, and drains it first on stop.
        services.TryAddSingleton<ServerHealth>();
        services.AddSingleton<IHostedService>(provider => new SocketServerHostedService<TContract>(
            name,
            provider.GetRequiredService<TImplementation>(),
            start,
            provider.GetRequiredService<IOptionsMonitor<SocketServerHostOptions>>(),
            provider.GetRequiredService<ServerHealth>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Registers a shared client of a contract: inject <typeparamref name="TContract"/> (or <typeparamref name="TClient"/>)
    /// anywhere. The client is made on first injection and connects on its first call, to one server or balanced
    /// over several, reconnecting with backoff; a host whose server is not up yet still starts (calls fail with
    /// <see cref="CallNotStartedException"/> until a server answers). It is disposed with the service provider.
    /// </summary>
    /// <typeparam name="TContract">The contract interface.</typeparam>
    /// <typeparam name="TClient">The generated client type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">The generated client's factory, for example <c>CalculatorClient.Connect</c>.</param>
    /// <param name="configure">Sets the addresses, balancing, limits and TLS, for example <c>options =&gt; options.Connect("localhost:5000")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSocketClient<TContract, TClient>(
        this IServiceCollection services,
        SocketClientFactory<TClient> create,
        Action<SocketClientHostOptions>? configure = null)
        where TContract : class
        where TClient : class, TContract, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        string name = NameOf(typeof(TClient));
        OptionsBuilder<SocketClientHostOptions> options = services.AddOptions<SocketClientHostOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new SocketClientProvider<TClient>(
            name,
            create,
            provider.GetRequiredService<IOptionsMonitor<SocketClientHostOptions>>(),
            provider.GetService<ILoggerFactory>()));

        // The client belongs to the provider, which disposes it: these registrations hand out the same object.
        services.TryAddSingleton<TClient>(provider => provider.GetRequiredService<SocketClientProvider<TClient>>().Client);
        services.TryAddSingleton<TContract>(provider => provider.GetRequiredService<SocketClientProvider<TClient>>().Client);
        return services;
    }

    private static string NameOf(Type type) => type.FullName ?? type.Name;
}
