using System.Net;
using SocketGen.Bench.Servers;

namespace SocketGen.Bench.Driving;

/// <summary>SocketGen's generated client, one connection.</summary>
internal sealed class GeneratedConnection(BenchServiceClient client) : IBenchConnection
{
    public static async Task<IBenchConnection> ConnectAsync(int port) =>
        new GeneratedConnection(await BenchServiceClient.ConnectAsync(
            new IPEndPoint(IPAddress.Loopback, port),
            new SocketClientOptions { MaxFramePayloadLength = BenchWire.MaxPayloadLength }).ConfigureAwait(false));

    public ValueTask<int> AddAsync(int a, int b) => client.AddAsync(a, b);

    public async ValueTask<int> EchoAsync(byte[] data) => (await client.EchoAsync(data).ConfigureAwait(false)).Length;

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
