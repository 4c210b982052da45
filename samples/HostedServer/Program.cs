using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using HostedServer;
using SocketGen.Hosting;

// A Generic Host app that serves ICalculator over TLS, configured from appsettings.json:
//   dotnet run -- server     runs the server until Ctrl+C (graceful drain on stop)
//   dotnet run -- client     calls the server through a hosted client, then exits
string mode = args.Length > 0 ? args[0] : "server";
DevelopmentCertificates.EnsureExist("certs");

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
if (mode == "client")
{
    // AddCalculatorClient is generated from ICalculator because this project references SocketGen.Hosting.
    builder.Services.AddCalculatorClient(options => options.Bind(builder.Configuration.GetSection("CalculatorClient")));
    using IHost client = builder.Build();
    await client.StartAsync();
    // The contract interface itself is injectable; the client connects on its first call.
    ICalculator calculator = client.Services.GetRequiredService<ICalculator>();
    Console.WriteLine($"2 + 3 = {await calculator.AddAsync(2, 3)}");
    Console.WriteLine(await calculator.GreetAsync("sample"));
    await client.StopAsync();
    return;
}

// AddCalculatorServer is generated too; it wraps AddSocketServer<ICalculator, Calculator>(CalculatorServer.StartAsync, ...).
builder.Services.AddCalculatorServer<Calculator>(options => options.Bind(builder.Configuration.GetSection("Calculator")));
await builder.Build().RunAsync();
