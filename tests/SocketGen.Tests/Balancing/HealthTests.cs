using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SocketGen.Balancing;
using SocketGen.Health;
using SocketGen.Hosting;
using SocketGen.Rpc;
using SocketGen.Tests.Production;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Balancing;

public sealed class HealthTests
{
    [Fact]
    public async Task A_server_serves_the_health_contract_beside_its_own_per_contract_and_draining_on_stop()
    {
        var health = new ServerHealth();
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { Health = health });
        await using CalculatorClient client = await host.ConnectAsync();

        Assert.Equal(3, await client.AddAsync(1, 2));
        Assert.Equal(ServingStatus.Serving, await HealthContract.CheckAsync(client.Connection, "ICalculator"));
        health.SetStatus("ICalculator", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await HealthContract.CheckAsync(client.Connection, "ICalculator"));
        Assert.Equal(ServingStatus.Serving, await HealthContract.CheckAsync(client.Connection, ServerHealth.WholeServer));
        health.Drain();
        Assert.Equal(ServingStatus.Draining, await HealthContract.CheckAsync(client.Connection, "ICalculator"));
        Assert.Equal(ServingStatus.Draining, await HealthContract.CheckAsync(client.Connection, ServerHealth.WholeServer));
    }

    [Fact]
    public async Task A_balanced_client_sends_no_calls_to_a_server_that_reports_not_serving_and_returns_when_it_serves()
    {
        var healths = new[] { new ServerHealth(), new ServerHealth() };
        await using RpcTestHost first = await RpcTestHost.StartAsync(new SocketServerOptions { Health = healths[0] }, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await using RpcTestHost second = await RpcTestHost.StartAsync(new SocketServerOptions { Health = healths[1] }, new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        var balancing = new BalancingOptions(new StaticServerResolver([first.EndPoint, second.EndPoint])) { HealthCheckInterval = TimeSpan.FromMilliseconds(100) };
        await using var client = new CalculatorClient(RpcConnection.Balance(balancing, null, CalculatorMethods.Contract));
        await BalancingTests.WaitUntilReadyAsync(client, 2);

        healths[0].SetStatus("ICalculator", ServingStatus.NotServing);
        await TlsTests.WaitUntilAsync(() => BalancingTests.Balancer(client).Servers.Any(s => s.Status == ServingStatus.NotServing));
        int before = first.Calculator.AddCalls;
        for (int i = 0; i < 30; i++)
        {
            await client.AddAsync(i, 1);
        }

        Assert.Equal(before, first.Calculator.AddCalls);

        healths[0].SetStatus("ICalculator", ServingStatus.Serving);
        await TlsTests.WaitUntilAsync(() => BalancingTests.Balancer(client).Servers.All(s => s.Ready));
        for (int i = 0; i < 30; i++)
        {
            await client.AddAsync(i, 1);
        }

        Assert.True(first.Calculator.AddCalls > before);
    }

    [Fact]
    public async Task A_hosted_server_reports_ready_to_health_checks_and_not_ready_from_the_first_moment_of_a_stop()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSocketServer<ICalculator, Calculator>(
            (implementation, endPoint, options, cancellationToken) => SocketServer.StartAsync(new CalculatorDispatcher(implementation), endPoint, options, cancellationToken),
            options =>
            {
                options.Listen("127.0.0.1:0");
                options.DrainNoticeDelay = TimeSpan.FromSeconds(2);
            });
        builder.Services.AddHealthChecks().AddSocketGenServers(tags: ["ready"]);
        using IHost host = builder.Build();
        await host.StartAsync(TestTimeout.Token());
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await checks.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status);

        Task stopping = host.StopAsync(TestTimeout.Token(30));
        HealthReport during = await checks.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, during.Status);
        Assert.Contains("draining", during.Entries["socketgen"].Description, StringComparison.Ordinal);
        await stopping;
    }
}
