using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketGen.Addressing;

namespace SocketGen.Hosting;

/// <summary>
/// The one shared client of a contract in a host: connects on first use (the client then reconnects on its
/// own, with backoff, when the connection drops) and is disposed with the service provider.
/// </summary>
/// <typeparam name="TClient">The generated client type.</typeparam>
public sealed class SocketClientProvider<TClient> : IAsyncDisposable
    where TClient : class, IAsyncDisposable
{
    private readonly string _name;
    private readonly SocketClientConnector<TClient> _connect;
    private readonly IOptionsMonitor<SocketClientHostOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private TClient? _client;
    private bool _disposed;

    internal SocketClientProvider(string name, SocketClientConnector<TClient> connect, IOptionsMonitor<SocketClientHostOptions> options, ILoggerFactory? loggerFactory)
    {
        _name = name;
        _connect = connect;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The client, connected on the first call.</summary>
    /// <param name="cancellationToken">Cancels waiting for the connection.</param>
    /// <returns>The shared client.</returns>
    /// <exception cref="InvalidOperationException">The configuration is not valid; the message names the setting.</exception>
    public async ValueTask<TClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is { } existing)
            {
                return existing;
            }

            SocketClientHostOptions options = _options.Get(_name);
            if (options.Address is null)
            {
                throw new InvalidOperationException($"Client {_name} has no address: call Connect(\"host:port\") or set 'Address' in its configuration section.");
            }

            EndpointAddress address;
            EndPoint endPoint;
            try
            {
                address = EndpointAddress.Parse(options.Address);
                endPoint = address.ToEndPoint();
            }
            catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException)
            {
                throw new InvalidOperationException($"The address '{options.Address}' (setting '{options.AddressSetting}') of client {_name} is not valid: {ex.Message}", ex);
            }

            options.ApplyTls(address.Host);
            ILogger logger = _loggerFactory.CreateLogger("SocketGen.Client." + _name);
            options.Client.Logger ??= logger;
            TClient client = await _connect(endPoint, options.Client, cancellationToken).ConfigureAwait(false);
            HostingLog.ClientConnected(logger, _name, options.Address);
            Volatile.Write(ref _client, client);
            return client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>Closes the client, if it was connected.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_client is { } client)
            {
                _client = null;
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connecting.Release();
        }
    }
}
