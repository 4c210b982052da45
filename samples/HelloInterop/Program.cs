using SocketGen.Protocols;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HelloInterop;

// The hello protocol of the BSD socket tutorials, declared in HelloProtocol.cs, talking to the tutorials' C programs.
//   dotnet run --project samples/HelloInterop                    both directions against the C programs (needs cc)
//   dotnet run --project samples/HelloInterop -- serve 3490      the generated server, until Ctrl+C
//   dotnet run --project samples/HelloInterop -- greet 127.0.0.1 3490   the generated client
switch (args)
{
    case ["serve", var port]:
        await using (var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture)), Greet))
        {
            Console.WriteLine($"serving greetings on {server.LocalEndPoint}; Ctrl+C stops");
            var stop = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
            await stop.Task;
        }

        return 0;
    case ["greet", var host, var port]:
        Console.WriteLine(await ReadGreetingAsync(new DnsEndPoint(host, int.Parse(port, CultureInfo.InvariantCulture))));
        return 0;
    case []:
        return await DemoAsync();
    default:
        Console.Error.WriteLine("usage: HelloInterop [serve PORT | greet HOST PORT]");
        return 2;
}

// The generated server's handler: greet each connection, then close it, as the C server does.
static async Task Greet(ProtocolServerConnection<HelloProtocol, Greeting, Greeting> connection, CancellationToken cancellationToken) =>
    await connection.SendAsync(new Greeting { Text = "Hello!" }, cancellationToken);

// The generated client: the greeting arrives unasked, so it is read from the unsolicited stream.
static async Task<string> ReadGreetingAsync(EndPoint server)
{
    await using var client = await HelloProtocol.ConnectAsync(server);
    await foreach (var greeting in client.ReceiveUnsolicitedAsync())
    {
        return greeting.Text;
    }

    return "(the server closed without a greeting)";
}

static async Task<int> DemoAsync()
{
    string directory = Path.Combine(Path.GetTempPath(), "socketgen-hello-" + Environment.ProcessId);
    Directory.CreateDirectory(directory);
    string? serverPath = await CompileAsync("hello_server", directory);
    string? clientPath = await CompileAsync("hello_client", directory);
    if (serverPath is null || clientPath is null)
    {
        Console.Error.WriteLine("No C compiler (cc) found: install one (apt-get install gcc) to run the C peers.");
        return 1;
    }

    // 1. The generated client reads the C server's greeting.
    int port = FreePort();
    using (var cServer = Process.Start(new ProcessStartInfo(serverPath, port.ToString(CultureInfo.InvariantCulture)) { RedirectStandardOutput = true })!)
    {
        await cServer.StandardOutput.ReadLineAsync(); // "listening"
        Console.WriteLine($"C server said:        {await ReadGreetingAsync(new IPEndPoint(IPAddress.Loopback, port))}");
        cServer.Kill();
    }

    // 2. The C client is greeted by the generated server.
    await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), Greet);
    var start = new ProcessStartInfo(clientPath) { RedirectStandardOutput = true };
    start.ArgumentList.Add("127.0.0.1");
    start.ArgumentList.Add(((IPEndPoint)server.LocalEndPoint).Port.ToString(CultureInfo.InvariantCulture));
    using var cClient = Process.Start(start)!;
    Console.Write($"C client printed:     {await cClient.StandardOutput.ReadToEndAsync()}");
    await cClient.WaitForExitAsync();
    return cClient.ExitCode;
}

static async Task<string?> CompileAsync(string name, string directory)
{
    string output = Path.Combine(directory, name);
    var start = new ProcessStartInfo("cc") { RedirectStandardError = true };
    foreach (var argument in new[] { "-O1", "-o", output, Path.Combine(AppContext.BaseDirectory, "native", name + ".c") })
    {
        start.ArgumentList.Add(argument);
    }

    try
    {
        using var cc = Process.Start(start)!;
        await cc.WaitForExitAsync();
        return cc.ExitCode == 0 ? output : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null; // cc is not installed
    }
}

static int FreePort()
{
    using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
