using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Sockets;

/// <summary>
/// SO_REUSEPORT: several listeners (one per server process in production) share one port and the kernel spreads
/// connections over them. Address reuse is off in these tests: under some sandboxes two SO_REUSEADDR sockets
/// can already share a port, which would hide whether SO_REUSEPORT did it.
/// </summary>
public class ReusePortTests
{
    private static readonly SocketListenerOptions Shared = new() { ReusePort = true, ReuseAddress = false };

    [Fact]
    public async Task Listeners_that_all_set_reuse_port_share_one_port_and_the_kernel_spreads_connections_over_them()
    {
        var token = TestTimeouts.Guard(20);
        await using var first = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0), Shared);
        var port = (IPEndPoint)first.LocalEndPoint;
        await using var second = SocketListener.Start(port, Shared);
        Assert.Equal(port, second.LocalEndPoint);

        var accepted = new int[2];
        var connections = new List<IAsyncDisposable>();
        async Task AcceptLoop(SocketListener listener, int index)
        {
            try
            {
                while (true)
                {
                    SocketConnection connection = await listener.AcceptAsync(token);
                    lock (connections)
                    {
                        connections.Add(connection);
                    }

                    Interlocked.Increment(ref accepted[index]);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // the listener closed at the end of the test
            }
        }

        Task loops = Task.WhenAll(AcceptLoop(first, 0), AcceptLoop(second, 1));
        for (int i = 0; i < 64; i++)
        {
            // Each connection comes from a new source port, so the kernel's hash picks either listener.
            connections.Add(await SocketConnector.ConnectAsync(port, cancellationToken: token));
        }

        while (Volatile.Read(ref accepted[0]) + Volatile.Read(ref accepted[1]) < 64)
        {
            await Task.Delay(10, token);
        }

        Assert.True(accepted[0] > 0 && accepted[1] > 0, $"first accepted {accepted[0]}, second {accepted[1]}");
        await first.DisposeAsync();
        await second.DisposeAsync();
        await loops;
        foreach (IAsyncDisposable connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_listener_without_reuse_port_cannot_join_a_port_shared_with_reuse_port()
    {
        await using var first = SocketListener.Start(new IPEndPoint(IPAddress.Loopback, 0), Shared);
        var port = (IPEndPoint)first.LocalEndPoint;

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(port, new SocketListenerOptions { ReuseAddress = false }));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void Reuse_port_is_off_by_default()
    {
        Assert.False(new SocketListenerOptions().ReusePort);
        Assert.False(new SocketServerOptions().ReusePort);
    }

    [Fact]
    public async Task A_server_with_reuse_port_lets_another_process_listener_join_its_port_and_still_serves_calls()
    {
        await using RpcTestHost server = await RpcTestHost.StartAsync(new SocketServerOptions { ReusePort = true });

        // The joining listener sets SO_REUSEPORT but not SO_REUSEADDR: it can bind only if the server's socket set SO_REUSEPORT.
        await using var joined = SocketListener.Start(server.EndPoint, Shared);

        Assert.Equal(server.EndPoint, joined.LocalEndPoint);
        await joined.DisposeAsync();
        CalculatorClient client = await server.ConnectAsync();
        Assert.Equal(5, await client.AddAsync(2, 3));
    }
}
