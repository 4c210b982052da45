using System.Net.Sockets;

namespace SocketGen.Tests.Rpc;

/// <summary>The worked examples in docs/wire-format.md, byte for byte, against a running server.</summary>
public class WireFormatExampleTests
{
    [Fact]
    public async Task The_documented_add_exchange_is_what_the_server_sends()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.EndPoint);

        await socket.SendAsync(Hex("53 47 52 50 01 00 00 00  01 00 00 00 00 00 00 01 00 00 00 01 00 00 00 08  00 00 00 02 00 00 00 03"));

        Assert.Equal(Hex("53 47 52 50 01 02 00 00  02 00 00 00 00 00 00 01 00 00 00 01 00 00 00 04  00 00 00 05"), await ReceiveAsync(socket, 28));
    }

    [Fact]
    public async Task The_documented_error_exchange_is_what_the_server_sends()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.EndPoint);
        byte[] boom = [0, 0, 0, 4, .. "boom"u8];

        await socket.SendAsync((byte[])[.. Hex("53 47 52 50 01 00 00 00  01 00 00 00 00 00 00 02 00 00 00 04 00 00 00 08"), .. boom]);

        byte[] expected =
        [
            .. Hex("53 47 52 50 01 02 00 00  03 00 00 00 00 00 00 02 00 00 00 04 00 00 00 A6  00 00 00 01  00 00 00 20"),
            .. "System.InvalidOperationException"u8,
            .. Hex("00 00 00 76"),
            .. "System.InvalidOperationException was thrown; the server sends exception messages only with IncludeExceptionDetails on."u8,
            .. Hex("FF FF FF FF"),
        ];
        Assert.Equal(expected, await ReceiveAsync(socket, expected.Length));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        int received = 0;
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (received < count)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(received), timeout.Token);
            Assert.True(n > 0, "the server closed the connection");
            received += n;
        }

        return buffer;
    }
}
