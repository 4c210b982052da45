using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtoBuf.Grpc.Server;
using SocketGen.Bench.Peers;
using SocketGen.Bench.Peers.CodeFirst;
using SocketGen.Bench.Peers.Grpc;
using SocketGen.Bench.Peers.JsonRpc;
using System.Net;

namespace SocketGen.Bench.Servers;

/// <summary>
/// <c>serve &lt;kind&gt;</c>: runs one managed server in this process, so the harness can measure its CPU time
/// and allocations apart from everything else. Talks to the harness over a control line: prints
/// <c>READY &lt;port&gt;</c>, answers each <c>stats</c> line on stdin with <c>STATS &lt;bytes allocated so far&gt;</c>,
/// and stops on <c>quit</c> or when stdin closes.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string kind)
    {
        await using IAsyncDisposable server = kind switch
        {
            ServerKinds.HandWritten => HandWrittenServer.Start(),
            ServerKinds.Kestrel => await KestrelServer.StartAsync().ConfigureAwait(false),
            ServerKinds.Generated => await BenchServiceServer.StartAsync(
                new BenchService(),
                new IPEndPoint(IPAddress.Loopback, 0),
                new SocketServerOptions { IdleTimeout = Timeout.InfiniteTimeSpan, Logger = CreateDebugLogger() }).ConfigureAwait(false),
            ServerKinds.Grpc => await GrpcHost.StartAsync(
                services => services.AddGrpc(ConfigureGrpc),
                app => app.MapGrpcService<GrpcBenchService>()).ConfigureAwait(false),
            ServerKinds.CodeFirst => await GrpcHost.StartAsync(
                services => services.AddCodeFirstGrpc(ConfigureGrpc),
                app => app.MapGrpcService<CodeFirstBenchService>()).ConfigureAwait(false),
            ServerKinds.JsonRpc => JsonRpcServer.Start(),
            _ => throw new ArgumentException($"Unknown server kind '{kind}'.", nameof(kind)),
        };

        int port = server is SocketServer generated ? ((IPEndPoint)generated.LocalEndPoint).Port : ((IBenchServer)server).Port;

        Console.Out.WriteLine($"READY {port}");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line == "stats")
            {
                Console.Out.WriteLine($"STATS {GC.GetTotalAllocatedBytes(precise: true)}");
                Console.Out.Flush();
            }
            else if (line == "quit")
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>Both gRPC servers: the bench's frame cap as their message cap; otherwise gRPC's defaults (no compression, no detailed errors).</summary>
    private static void ConfigureGrpc(GrpcServiceOptions options)
    {
        options.MaxReceiveMessageSize = BenchWire.MaxPayloadLength + 1024;
        options.MaxSendMessageSize = BenchWire.MaxPayloadLength + 1024;
    }

    // SOCKETGEN_BENCH_LOG=1 logs the generated server's connection events to stderr, to diagnose a failed run;
    // off by default so logging costs nothing in a measurement.
    private static ILogger? CreateDebugLogger() =>
        Environment.GetEnvironmentVariable("SOCKETGEN_BENCH_LOG") == "1"
            ? LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)).CreateLogger("SocketGen")
            : null;
}

/// <summary>The servers the harness can start, by the name used on the command line.</summary>
internal static class ServerKinds
{
    public const string Native = "native";
    public const string HandWritten = "handwritten";
    public const string Kestrel = "kestrel";
    public const string Generated = "generated";
    public const string Grpc = "grpc";
    public const string CodeFirst = "protobuf-net-grpc";
    public const string JsonRpc = "streamjsonrpc";
}
