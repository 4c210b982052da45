using System.Net;
using SocketGen.Tests.Rpc;
using SocketGen.Tests.Serialization;

namespace SocketGen.Tests.Faults;

/// <summary>
/// The server of the fault-sweep tests, in its own process so that it can be killed, frozen and stopped: the test
/// assembly started as "fault-server". It prints "listening PORT", then "ran VALUE" each time a DelayAsync call
/// starts executing (so the test counts executions), and on the line "stop" on its input stops gracefully,
/// prints "stopped" and exits 0. Optional arguments give the address and port to listen on (default 127.0.0.1,
/// any free port): the balancing tests run several on 127.0.0.2, 127.0.0.3, ... behind one name.
/// </summary>
public static class FaultServerChild
{
    public const string Command = "fault-server";

    public static async Task<int> RunAsync(string[] args)
    {
        IPAddress address = args.Length > 1 ? IPAddress.Parse(args[1]) : IPAddress.Loopback;
        int port = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var implementation = new ReportingCalculator(new Calculator());

        // 256 calls per connection: the kill test keeps 200 in flight on one connection, as the fault sweep did.
        SocketServer server = await SocketServer.StartAsync(
            new CalculatorDispatcher(implementation),
            new IPEndPoint(address, port),
            new SocketServerOptions { DrainTimeout = TimeSpan.FromSeconds(60), MaxConcurrentCallsPerConnection = 256 },
            CancellationToken.None);
        Console.Out.WriteLine($"listening {((IPEndPoint)server.LocalEndPoint).Port}");

        // Anything but "stop" (end of input included: the test process went away) stops at once.
        string? line = await Console.In.ReadLineAsync();
        if (line == "stop")
        {
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await server.StopAsync(drain.Token);
            Console.Out.WriteLine("stopped");
            return 0;
        }

        await server.DisposeAsync();
        return 1;
    }

    /// <summary>The test calculator, reporting each DelayAsync execution on standard output.</summary>
    private sealed class ReportingCalculator(ICalculator inner) : ICalculator
    {
        public Task<int> DelayAsync(int milliseconds, int value, CancellationToken cancellationToken = default)
        {
            Console.Out.WriteLine($"ran {value}");
            return inner.DelayAsync(milliseconds, value, cancellationToken);
        }

        public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => inner.AddAsync(a, b, cancellationToken);

        public Task<string?> EchoAsync(string? text, CancellationToken cancellationToken = default) => inner.EchoAsync(text, cancellationToken);

        public Task FailAsync(string message, CancellationToken cancellationToken = default) => inner.FailAsync(message, cancellationToken);

        public Task NotifyAsync(int value) => inner.NotifyAsync(value);

        public IAsyncEnumerable<int> CountAsync(int count, CancellationToken cancellationToken = default) => inner.CountAsync(count, cancellationToken);

        public Task<AllTypes?> RoundTripAsync(AllTypes? value, CancellationToken cancellationToken = default) => inner.RoundTripAsync(value, cancellationToken);

        public Task<byte[]?> EchoBytesAsync(byte[]? value, CancellationToken cancellationToken = default) => inner.EchoBytesAsync(value, cancellationToken);

        public Task<int> WaitForGateAsync(int value, CancellationToken cancellationToken = default) => inner.WaitForGateAsync(value, cancellationToken);
    }
}
