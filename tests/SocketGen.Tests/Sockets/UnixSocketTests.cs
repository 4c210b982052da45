using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public sealed class UnixSocketTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sgunix").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_unix_socket_listener_accepts_and_exchanges_data()
    {
        var token = TestTimeouts.Guard();
        string path = Path.Combine(_directory, "a.sock");
        await using var listener = SocketListener.Start(new UnixDomainSocketEndPoint(path));
        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(EndpointAddress.Parse("unix:" + path).ToEndPoint(), cancellationToken: token);
        await using var server = await accepting;

        Assert.Equal("unix:" + path, EndpointAddress.Format(client.RemoteEndPoint));
        await TcpLoopbackTests.AssertExchangesAsync(client, server, token);
    }

    [Fact]
    public async Task A_stale_socket_file_left_by_a_dead_server_is_replaced_on_bind()
    {
        string path = Path.Combine(_directory, "stale.sock");
        CreateStaleSocketFile(path);
        Assert.True(File.Exists(path));

        var token = TestTimeouts.Guard();
        await using var listener = SocketListener.Start(new UnixDomainSocketEndPoint(path));
        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken: token);
        await using var server = await accepting;
        await TcpLoopbackTests.AssertExchangesAsync(client, server, token);
    }

    [Fact]
    public void A_stale_socket_file_is_kept_when_deleting_is_switched_off()
    {
        string path = Path.Combine(_directory, "kept.sock");
        CreateStaleSocketFile(path);

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(new UnixDomainSocketEndPoint(path), new SocketListenerOptions { DeleteStaleUnixSocketFile = false }));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_path_a_live_server_listens_on_is_never_taken_over()
    {
        string path = Path.Combine(_directory, "live.sock");
        await using var first = SocketListener.Start(new UnixDomainSocketEndPoint(path));

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(new UnixDomainSocketEndPoint(path)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);

        // The first listener still works.
        var token = TestTimeouts.Guard();
        var accepting = first.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken: token);
        await using var server = await accepting;
    }

    [Fact]
    public void A_regular_file_at_the_socket_path_is_not_deleted()
    {
        string path = Path.Combine(_directory, "data.txt");
        File.WriteAllText(path, "precious");

        var error = Assert.Throws<SocketException>(() => SocketListener.Start(new UnixDomainSocketEndPoint(path)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains("not a socket", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public async Task Closing_a_listener_removes_its_socket_file()
    {
        string path = Path.Combine(_directory, "gone.sock");
        var listener = SocketListener.Start(new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));
        await listener.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Connecting_to_a_missing_socket_file_names_the_path()
    {
        string path = Path.Combine(_directory, "missing.sock");
        var error = await Assert.ThrowsAsync<SocketException>(async () => await SocketConnector.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken: TestTimeouts.Guard()));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abstract_name_on_linux_listens_without_any_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // abstract names are a Linux feature; elsewhere ToEndPoint refuses them (tested in EndpointAddressTests)
        }

        var token = TestTimeouts.Guard();
        var address = EndpointAddress.Parse($"unix:@socketgen-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        await using var listener = SocketListener.Start(address.ToEndPoint());
        Assert.Equal(address.ToString(), EndpointAddress.Format(listener.LocalEndPoint));

        var accepting = listener.AcceptAsync(token);
        await using var client = await SocketConnector.ConnectAsync(address.ToEndPoint(), cancellationToken: token);
        await using var server = await accepting;
        await TcpLoopbackTests.AssertExchangesAsync(client, server, token);
    }

    /// <summary>Leaves a socket file nobody listens on, as a server killed without cleanup does.</summary>
    internal static void CreateStaleSocketFile(string path)
    {
        // .NET deletes the file it bound when the socket closes; a file renamed away from it stays behind, dead.
        string bound = path + ".bound";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            socket.Listen();
            File.Move(bound, path);
        }
    }
}
