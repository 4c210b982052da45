using System.Net;
using Quickstart;
using SocketGen;

// The first program a newcomer runs: a generated server and a generated client for the ICalculator
// contract (Calculator.cs), talking over loopback TCP.
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

// Port 0 lets the system pick a free port; LocalEndPoint says which one it picked.
var calculator = new Calculator();
await using SocketServer server = await CalculatorServer.StartAsync(calculator, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
Console.WriteLine($"Server listening on {server.LocalEndPoint}");

var port = ((IPEndPoint)server.LocalEndPoint).Port;
await using CalculatorClient client = await CalculatorClient.ConnectAsync("127.0.0.1", port, cancellationToken: timeout.Token);

// Typed calls: arguments and results travel through the generated codecs.
Console.WriteLine($"AddAsync(2, 3)             = {await client.AddAsync(2, 3, timeout.Token)}");
Console.WriteLine($"EchoAsync(\"hello\")         = {await client.EchoAsync("hello")}");
Console.WriteLine($"EchoAsync(null)            = {await client.EchoAsync(null) ?? "null"}");
Point[] mirrored = await client.MirrorAsync([new Point(1, 2), new Point(3, 4)]);
Console.WriteLine($"MirrorAsync([(1,2),(3,4)]) = [{string.Join(", ", mirrored.Select(p => p.ToString()))}]");

// A one-way call: sent without waiting for the server to run it.
await client.LogAsync("the quickstart says hi");
Console.WriteLine($"LogAsync (one-way)         -> server got \"{await calculator.FirstLogLine.Task.WaitAsync(timeout.Token)}\"");

// A streamed result: items arrive as the server yields them.
Console.Write("CountAsync(5) (a stream)   =");
await foreach (var number in client.CountAsync(5, timeout.Token))
{
    Console.Write($" {number}");
}

Console.WriteLine();

// A remote exception: the server's DivideAsync throws, the client catches it as RemoteException. By default
// the client learns the exception's type, not its message (SocketServerOptions.IncludeExceptionDetails).
try
{
    await client.DivideAsync(1, 0);
}
catch (RemoteException ex)
{
    Console.WriteLine($"DivideAsync(1, 0) threw    {ex.RemoteTypeName}");
}

await server.StopAsync(timeout.Token);
Console.WriteLine("Server stopped.");
