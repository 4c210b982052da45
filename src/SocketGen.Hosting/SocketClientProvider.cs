using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SocketGen.Hosting;

/// <summary>
/// The one shared client of a contract in a host. It is made from the options on first request and connects
/// on its first call (a connection per server, remade with backoff when one fails), so a host whose server is
/// not up yet still starts; it is disposed with the service provider. Inject the contract interface (or the
/// client type) rather than this class, unless you need the configuration errors as exceptions of your own call.
/// </summary>
/// <typeparam name="TClient">The generated client type.</typeparam>
public sealed class SocketClientProvider<TClient> : IAsyncDisposable
    where TClient : class, IAsyncDisposable
{
    private readonly string _name;
    private readonly SocketClientFactory<TClient> _create;
    private readonly IOptionsMonitor<SocketClientHostOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly object _lock = new();
    private TClient? _client;
    private bool _disposed;

    internal SocketClientProvider(string name, SocketClientFactory<TClient> create, IOptionsMonitor<SocketClientHostOptions> options, ILoggerFactory? loggerFactory)
    {
        _name = name;
        _create = create;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The shared client, made on first request; nothing is connected until its first call.</summary>
    /// <exception cref="InvalidOperationException">The configuration is not valid; the message names the setting.</exception>
    public TClient Client
    {
        get
        {
            if (Volatile.Read(ref _client) is { } ready)
            {
                return ready;
            }

            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_client is null)
                {
                    SocketClientHostOptions options = _options.Get(_name);
                    var balancing = options.BuildBalancing(_name, out string? host);
                    options.ApplyTls(host);
                    ILogger logger = _loggerFactory.CreateLogger("SocketGen.Client." + _name);
                    options.Client.Logger ??= logger;
                    TClient client = _create(balancing, options.Client);
                    HostingLog.ClientCreated(logger, _name, balancing.Resolver.Name);
                    Volatile.Write(ref _client, client);
                }

                return _client;
            }
        }
    }

    /// <summary>The shared client, as <see cref="Client"/>; kept for callers written against the earlier connect-first provider.</summary>
    /// <param name="cancellationToken">Unused: nothing is awaited.</param>
    /// <returns>The shared client.</returns>
    /// <exception cref="InvalidOperationException">The configuration is not valid; the message names the setting.</exception>
    public ValueTask<TClient> GetClientAsync(CancellationToken cancellationToken = default) => new(Client);

    /// <summary>Closes the client's connections, if it was made.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        TClient? client;
        lock (_lock)
        {
            _disposed = true;
            client = _client;
            _client = null;
        }

        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
