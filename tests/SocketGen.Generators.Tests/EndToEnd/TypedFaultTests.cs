using System.Net;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>Declared faults arrive typed with their data; undeclared exceptions follow the detail policy.</summary>
public sealed class TypedFaultTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_declared_fault_arrives_as_its_own_type_with_the_data_it_declares_whatever_the_detail_policy(bool includeDetails)
    {
        await using var host = await Host.StartAsync(includeDetails);

        var fault = await Assert.ThrowsAsync<OutOfStockException>(() => host.Client.OrderAsync("apple", 5).WaitAsync(EndToEndHost.Timeout));

        Assert.Equal("apple", fault.Sku);
        Assert.Equal(2, fault.Available);
        Assert.Equal("apple has only 2 left", fault.Message);
        Assert.Equal(3, await host.Client.OrderAsync("pear", 3).WaitAsync(EndToEndHost.Timeout));
    }

    [Fact]
    public async Task A_fault_declared_on_the_contract_applies_to_every_method()
    {
        await using var host = await Host.StartAsync(includeDetails: false);

        var fault = await Assert.ThrowsAsync<ShopClosedException>(() => host.Client.OrderAsync("closed", 1).WaitAsync(EndToEndHost.Timeout));

        Assert.Equal(new DateOnly(2027, 1, 4), fault.Reopens);
    }

    [Fact]
    public async Task An_exception_the_method_does_not_declare_stays_a_generic_remote_exception()
    {
        await using var host = await Host.StartAsync(includeDetails: false);

        var error = await Assert.ThrowsAsync<RemoteException>(() => host.Client.CountAsync("secret-sku").WaitAsync(EndToEndHost.Timeout));

        Assert.Equal(typeof(OutOfStockException).FullName, error.RemoteTypeName);
        Assert.DoesNotContain("secret-sku", error.Message, StringComparison.Ordinal);
        Assert.Null(error.RemoteStackTrace);
    }

    private sealed class Host : IAsyncDisposable
    {
        private readonly SocketServer _server;

        private Host(SocketServer server, ShopServiceClient client)
        {
            _server = server;
            Client = client;
        }

        public ShopServiceClient Client { get; }

        public static async Task<Host> StartAsync(bool includeDetails)
        {
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            var options = new SocketServerOptions { IncludeExceptionDetails = includeDetails };
            SocketServer server = await ShopServiceServer.StartAsync(new ShopService(), new IPEndPoint(IPAddress.Loopback, 0), options, timeout.Token);
            ShopServiceClient client = await ShopServiceClient.ConnectAsync(server.LocalEndPoint, cancellationToken: timeout.Token);
            return new Host(server, client);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            await _server.StopAsync(timeout.Token);
        }
    }
}
