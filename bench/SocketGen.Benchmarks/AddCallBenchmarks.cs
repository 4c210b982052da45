using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SocketGen.Rpc;

namespace SocketGen.Benchmarks;

/// <summary>
/// Bytes allocated per Add(int, int) -> int call in steady state, on the client and on the server. Each
/// engine is measured against a raw peer that allocates nothing, so the allocated bytes are that engine's;
/// the last benchmark runs both engines in one process. The target is 0 B/op.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class AddCallBenchmarks
{
    private const int CallsPerInvoke = 1000;

    private RawAddServer? _rawServer;
    private RpcConnection? _clientToRaw;
    private SocketServer? _serverForRaw;
    private RawAddClient? _rawClient;
    private SocketServer? _server;
    private RpcConnection? _client;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // Keep-alive off: its timer is not part of a call.
        var clientOptions = new SocketClientOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan };

        _rawServer = new RawAddServer();
        _clientToRaw = await RpcConnection.ConnectAsync(_rawServer.EndPoint, clientOptions, CancellationToken.None);

        _serverForRaw = await SocketServer.StartAsync(new AddDispatcher(), new IPEndPoint(IPAddress.Loopback, 0), null, CancellationToken.None);
        _rawClient = new RawAddClient(_serverForRaw.LocalEndPoint);

        _server = await SocketServer.StartAsync(new AddDispatcher(), new IPEndPoint(IPAddress.Loopback, 0), null, CancellationToken.None);
        _client = await RpcConnection.ConnectAsync(_server.LocalEndPoint, clientOptions, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _rawClient?.Dispose();
        await _clientToRaw!.DisposeAsync();
        await _client!.DisposeAsync();
        await _serverForRaw!.StopAsync();
        await _server!.StopAsync();
        _rawServer?.Dispose();
    }

    /// <summary>The client engine: RpcConnection.InvokeAsync against a non-allocating raw server.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ClientCall()
    {
        int sum = 0;
        for (int i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _clientToRaw!.InvokeAsync(AddCodecs.AddMethodId, (i, 1), AddCodecs.EncodeArgs, AddCodecs.DecodeInt32, CancellationToken.None);
        }

        return sum;
    }

    /// <summary>The server engine: SocketServer dispatching to a synchronous Add, driven by a non-allocating raw client.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public int ServerCall()
    {
        int sum = 0;
        for (int i = 0; i < CallsPerInvoke; i++)
        {
            sum += _rawClient!.Add(i, 1);
        }

        return sum;
    }

    /// <summary>Both engines in one process: client and server allocations together.</summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ClientAndServerCall()
    {
        int sum = 0;
        for (int i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _client!.InvokeAsync(AddCodecs.AddMethodId, (i, 1), AddCodecs.EncodeArgs, AddCodecs.DecodeInt32, CancellationToken.None);
        }

        return sum;
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(10));
        }
    }
}
