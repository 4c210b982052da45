using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocketGen.Hosting;
using SocketGen.Rpc;
using SocketGen.Security;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

public sealed class HostingTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly List<SocketServer> _started = new();
    private readonly List<SocketServerOptions> _optionsSeen = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("socketgen-hosting-").FullName;

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_hosted_server_starts_with_the_host_and_drains_calls_in_flight_when_it_stops()
    {
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Listen("127.0.0.1:0")));
        await host.StartAsync(TestTimeout.Token());
        SocketServer server = Assert.Single(_started);
        var calculator = host.Services.GetRequiredService<Calculator>();
        await using CalculatorClient client = new(await RpcConnection.ConnectAsync(server.LocalEndPoint, null, TestTimeout.Token()));

        Task<int>[] inFlight = Enumerable.Range(1, 5).Select(i => client.WaitForGateAsync(i)).ToArray();
        await TlsTests.WaitUntilAsync(() => calculator.GateWaitersStarted == 5);
        Task stopping = host.StopAsync(TestTimeout.Token());
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted, "the host stopped without waiting for calls in flight");
        calculator.OpenGate();

        int[] results = await Task.WhenAll(inFlight).WaitAsync(TestTimeout.Default);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, results);
        await stopping.WaitAsync(TestTimeout.Default);
        await Assert.ThrowsAnyAsync<Exception>(() => RpcConnection.ConnectAsync(server.LocalEndPoint, new SocketClientOptions { HandshakeTimeout = TimeSpan.FromSeconds(2) }, TestTimeout.Token()).AsTask());
    }

    [Fact]
    public async Task Options_are_bound_from_in_memory_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calculator:Endpoints:0"] = "127.0.0.1:0",
            ["Calculator:Endpoints:1"] = "[::1]:0",
            ["Calculator:MaxConcurrentCallsPerConnection"] = "7",
            ["Calculator:MaxQueuedCallsPerConnection"] = "0",
            ["Calculator:MaxQueuedCallBytesPerConnection"] = "65536",
            ["Calculator:MaxFramePayloadLength"] = "65536",
            ["Calculator:HandshakeTimeout"] = "00:00:03",
            ["Calculator:IdleTimeout"] = "Infinite",
            ["Calculator:IncludeExceptionDetails"] = "true",
            ["Calculator:ReusePort"] = "true",
        }).Build();
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Bind(configuration.GetSection("Calculator"))));
        await host.StartAsync(TestTimeout.Token());

        Assert.Equal(2, _started.Count);
        SocketServerOptions options = _optionsSeen[0];
        Assert.Equal(7, options.MaxConcurrentCallsPerConnection);
        Assert.Equal(0, options.MaxQueuedCallsPerConnection);
        Assert.Equal(65536, options.MaxQueuedCallBytesPerConnection);
        Assert.Equal(65536, options.MaxFramePayloadLength);
        Assert.Equal(TimeSpan.FromSeconds(3), options.HandshakeTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.IdleTimeout);
        Assert.True(options.IncludeExceptionDetails);
        Assert.True(options.ReusePort);
        await using CalculatorClient client = new(await RpcConnection.ConnectAsync(_started[1].LocalEndPoint, null, TestTimeout.Token()));
        Assert.Equal(3, await client.AddAsync(1, 2));
        await host.StopAsync(TestTimeout.Token());
    }

    [Theory]
    [InlineData("Calculator:Endpoints:0", "not an endpoint::", "Calculator:Endpoints:0")]
    [InlineData("Calculator:MaxConnections", "lots", "Calculator:MaxConnections")]
    [InlineData("Calculator:MaxConnections", "-5", "Calculator:MaxConnections")]
    [InlineData("Calculator:DrainTimeout", "soon", "Calculator:DrainTimeout")]
    [InlineData("Calculator:IdleTimeout", "60", "Calculator:IdleTimeout")]
    [InlineData("Calculator:Tls:ClientCertificateMode", "Sometimes", "Calculator:Tls:ClientCertificateMode")]
    [InlineData("Calculator:Tls:CertificatePath", "/nonexistent/server.pem", "Calculator:Tls:CertificatePath")]
    public async Task A_configuration_error_fails_host_start_naming_the_setting(string key, string value, string setting)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calculator:Endpoints:1"] = "127.0.0.1:0",
            [key] = value,
        }).Build();
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Bind(configuration.GetSection("Calculator"))));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestTimeout.Token()));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Empty(_started);
    }

    [Fact]
    public async Task A_server_without_an_endpoint_fails_host_start_saying_so()
    {
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestTimeout.Token()));
        Assert.Contains("has no endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hosted_tls_server_and_client_use_certificate_files_named_in_configuration()
    {
        string certificate = Write("server.pem", _certificates.Server.ExportCertificatePem());
        string key = Write("server.key", _certificates.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        string root = Write("root.pem", _certificates.Root.ExportCertificatePem());
        IConfiguration serverConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calculator:Endpoints:0"] = "127.0.0.1:0",
            ["Calculator:Tls:CertificatePath"] = certificate,
            ["Calculator:Tls:CertificateKeyPath"] = key,
        }).Build();
        using IHost server = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Bind(serverConfiguration.GetSection("Calculator"))));
        await server.StartAsync(TestTimeout.Token());
        Assert.NotNull(_optionsSeen[0].Tls);

        IConfiguration clientConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calculator:Address"] = "127.0.0.1:" + ((IPEndPoint)_started[0].LocalEndPoint).Port,
            ["Calculator:Tls:TrustedRootCertificatePath"] = root,
            ["Calculator:Tls:TargetHost"] = "localhost",
        }).Build();
        using IHost client = BuildHost(services => services.AddSocketClient<ICalculator, CalculatorClient>(
            CreateClient,
            options => options.Bind(clientConfiguration.GetSection("Calculator"))));
        await client.StartAsync(TestTimeout.Token());

        var provider = client.Services.GetRequiredService<SocketClientProvider<CalculatorClient>>();
        CalculatorClient calculator = await provider.GetClientAsync(TestTimeout.Token());
        Assert.Equal(12, await calculator.AddAsync(5, 7));
        Assert.Same(calculator, await provider.GetClientAsync(TestTimeout.Token()));
        Assert.True(calculator.Connection.IsConnected);

        await client.StopAsync(TestTimeout.Token());
        await server.StopAsync(TestTimeout.Token());
    }

    [Fact]
    public async Task A_bare_number_for_a_duration_is_refused_with_the_units_to_write_and_units_are_read()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calculator:Endpoints:0"] = "127.0.0.1:0",
            ["Calculator:IdleTimeout"] = "60",
        }).Build();
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Bind(configuration.GetSection("Calculator"))));
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestTimeout.Token()));
        Assert.Contains("a number alone has no unit: write 60s for seconds", error.Message, StringComparison.Ordinal);

        var options = new SocketServerHostOptions().Bind(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IdleTimeout"] = "90s",
            ["DrainTimeout"] = "1500ms",
            ["HandshakeTimeout"] = "00:00:07",
            ["MinSendDataRateGracePeriod"] = "2m",
        }).Build());
        Assert.Equal(TimeSpan.FromSeconds(90), options.Server.IdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Server.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Server.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Server.MinSendDataRateGracePeriod);
    }

    [Fact]
    public async Task The_contract_is_injectable_and_a_client_started_before_its_server_does_not_stop_the_host()
    {
        IPEndPoint address = SocketGen.Tests.Balancing.BalancingTests.FreeEndPoint("127.0.0.1");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calc:Address"] = address.ToString(),
            ["Calc:ReconnectBaseDelay"] = "50ms",
            ["Calc:ReconnectMaxDelay"] = "200ms",
        }).Build();
        using IHost client = BuildHost(services =>
        {
            services.AddSocketClient<ICalculator, CalculatorClient>(CreateClient, options => options.Bind(configuration.GetSection("Calc")));
            services.AddSingleton<CalculatorUser>();
        });
        await client.StartAsync(TestTimeout.Token());

        // Injected as the contract into a service of the app; no server yet: calls fail as never started, the host runs on.
        CalculatorUser user = client.Services.GetRequiredService<CalculatorUser>();
        Assert.Same(client.Services.GetRequiredService<CalculatorClient>(), user.Calculator);
        await Assert.ThrowsAsync<CallNotStartedException>(() => user.Calculator.AddAsync(1, 1).AsTask());

        await using RpcTestHost server = await RpcTestHost.StartAsync(endPoint: address);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal(9, await user.Calculator.AddAsync(4, 5));
                break;
            }
            catch (CallNotStartedException) when (waited.Elapsed < TestTimeout.Default)
            {
                await Task.Delay(50);
            }
        }

        await client.StopAsync(TestTimeout.Token());
    }

    [Fact]
    public async Task A_normal_client_shutdown_logs_no_warning_on_either_side()
    {
        var serverLog = new TestLogger();
        var clientLog = new TestLogger();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Calculator:Endpoints:0"] = "127.0.0.1:0" }).Build();
        using IHost server = BuildHost(
            services => services.AddSocketServer<ICalculator, Calculator>(StartCalculatorAsync, options => options.Bind(configuration.GetSection("Calculator"))),
            serverLog);
        await server.StartAsync(TestTimeout.Token());
        using IHost client = BuildHost(
            services => services.AddSocketClient<ICalculator, CalculatorClient>(CreateClient, options => options.Connect(_started[0].LocalEndPoint.ToString()!)),
            clientLog);
        await client.StartAsync(TestTimeout.Token());
        Assert.Equal(3, await client.Services.GetRequiredService<ICalculator>().AddAsync(1, 2));

        await client.StopAsync(TestTimeout.Token());
        client.Dispose();
        await TlsTests.WaitUntilAsync(() => _started[0].ConnectionCount == 0);
        await server.StopAsync(TestTimeout.Token());

        Assert.DoesNotContain(clientLog.Entries, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(serverLog.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(clientLog.Entries, e => e.EventId.Name == "ClientCreated");
    }

    [Fact]
    public async Task A_hosted_client_with_a_malformed_address_names_the_setting()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Calc:Address"] = "::::" }).Build();
        using IHost host = BuildHost(services => services.AddSocketClient<ICalculator, CalculatorClient>(
            CreateClient,
            options => options.Bind(configuration.GetSection("Calc"))));

        var provider = host.Services.GetRequiredService<SocketClientProvider<CalculatorClient>>();
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetClientAsync(TestTimeout.Token()).AsTask());
        Assert.Contains("Calc:Address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_serves_an_inherited_listening_socket_handed_over_as_an_end_point()
    {
        var listener = SocketGen.Sockets.SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var inherited = new ListeningSocketEndPoint(listener);
        using IHost host = BuildHost(services => services.AddSocketServer<ICalculator, Calculator>(
            (implementation, _, options, cancellationToken) => StartCalculatorAsync(implementation, inherited, options, cancellationToken),
            options => options.Listen("127.0.0.1:0")));
        await host.StartAsync(TestTimeout.Token());

        Assert.Equal(listener.LocalEndPoint, Assert.Single(_started).LocalEndPoint);
        await using CalculatorClient client = new(await RpcConnection.ConnectAsync(listener.LocalEndPoint, null, TestTimeout.Token()));
        Assert.Equal(4, await client.AddAsync(2, 2));
        await Assert.ThrowsAsync<InvalidOperationException>(() => SocketServer.StartAsync(new CalculatorDispatcher(new Calculator()), inherited, null, CancellationToken.None).AsTask());
        await host.StopAsync(TestTimeout.Token());
    }

    private static IHost BuildHost(Action<IServiceCollection> configure, TestLogger? log = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        if (log is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new TestLoggerProvider(log));
        }

        configure(builder.Services);
        return builder.Build();
    }

    private static CalculatorClient CreateClient(SocketGen.Balancing.BalancingOptions balancing, SocketClientOptions? options) =>
        new(RpcConnection.Balance(balancing, options, CalculatorMethods.Contract));

    /// <summary>A service of the app that takes the contract interface, as a user's would.</summary>
    private sealed class CalculatorUser(ICalculator calculator)
    {
        public ICalculator Calculator { get; } = calculator;
    }

    private sealed class TestLoggerProvider(TestLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }

    private async ValueTask<SocketServer> StartCalculatorAsync(ICalculator implementation, EndPoint endPoint, SocketServerOptions? options, CancellationToken cancellationToken)
    {
        SocketServer server = await SocketServer.StartAsync(new CalculatorDispatcher(implementation), endPoint, options, cancellationToken);
        lock (_started)
        {
            _started.Add(server);
            _optionsSeen.Add(options!);
        }

        return server;
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
