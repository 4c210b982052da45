using System.Net;
using System.Net.Sockets;
using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Interop;

/// <summary>A declared request/reply protocol over UDP, between the generated endpoints and C peers, both ways.</summary>
public sealed class DatagramInteropTests
{
    [RequiresProgramFact("cc", "compile the C UDP server")]
    public async Task Generated_datagram_client_is_answered_by_the_C_server()
    {
        string path = await NativePeer.CompileAsync("udp_adder_server");
        int port = NativePeer.FreePort(SocketType.Dgram);
        await using var peer = NativePeer.Start(path, port.ToString());
        await peer.WaitForLineAsync("ready");

        await using var client = await AdderProtocol.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), new ProtocolDatagramOptions { ReplyTimeout = TimeSpan.FromSeconds(10) });
        var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.RequestAsync(new AddRequest { Id = (uint)i, A = i, B = 1000 }).AsTask()));
        for (int i = 0; i < replies.Length; i++)
        {
            Assert.Equal((uint)i + 1, replies[i].Id);
            Assert.Equal(i + 1 + 1000, replies[i].Sum);
        }
    }

    [RequiresProgramFact("cc", "compile the C UDP client")]
    public async Task C_datagram_client_is_answered_by_the_generated_server_which_sees_its_address()
    {
        string path = await NativePeer.CompileAsync("udp_adder_client");
        var senders = new List<EndPoint>();
        await using var server = AdderProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (request, from, _) =>
        {
            lock (senders)
            {
                senders.Add(from);
            }

            return ValueTask.FromResult(new AddReply { Id = request.Id, Sum = request.A + request.B });
        });
        int port = ((IPEndPoint)server.LocalEndPoint).Port;

        var (code, stdout, stderr) = await NativePeer.RunToEndAsync(path, ["127.0.0.1", port.ToString(), "9", "-7", "12"]);
        Assert.True(code == 0, stderr);
        Assert.Equal("id=9 sum=5\n", stdout);
        var sender = Assert.IsType<IPEndPoint>(Assert.Single(senders));
        Assert.Equal(IPAddress.Loopback, sender.Address);
        Assert.NotEqual(0, sender.Port);
    }
}
