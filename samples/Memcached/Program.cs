using System.Globalization;
using System.Net;
using Memcached.Server;

// A memcached-compatible server built from the protocol declarations in Text/ and Binary/:
//   dotnet run -c Release --project samples/Memcached -- --port 11311
// serves 127.0.0.1:11311 (text and binary protocols) until Ctrl+C or SIGTERM.
int port = 11211;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "--port" or "-p" && i + 1 < args.Length)
    {
        port = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
}

await using var server = MemcachedServer.Start(new IPEndPoint(IPAddress.Loopback, port));
Console.WriteLine($"memcached (SocketGen sample) listening on {server.LocalEndPoint}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
