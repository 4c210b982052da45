using System.Net;
using HelloInterop;
using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Interop;

/// <summary>The generated hello client and server against the C programs of the BSD socket tutorials.</summary>
public sealed class HelloInteropTests
{
    [RequiresProgramFact("cc", "compile the C hello server")]
    public async Task Generated_client_reads_the_C_servers_greeting()
    {
        string server = await NativePeer.CompileAsync("hello_server");
        int port = NativePeer.FreePort();
        await using var peer = NativePeer.Start(server, port.ToString());
        await peer.WaitForLineAsync("listening");

        for (int i = 0; i < 3; i++)
        {
            await using var client = await HelloProtocol.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            var greetings = new List<string>();
            await foreach (var greeting in client.ReceiveUnsolicitedAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
            {
                greetings.Add(greeting.Text);
            }

            Assert.Equal(["Hello!"], greetings);
        }
    }

    [RequiresProgramFact("cc", "compile the C hello client")]
    public async Task C_client_is_greeted_by_the_generated_server()
    {
        string clientPath = await NativePeer.CompileAsync("hello_client");
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), async (connection, cancellationToken) =>
        {
            await connection.SendAsync(new Greeting { Text = "Hello!" }, cancellationToken);
        });
        int port = ((IPEndPoint)server.LocalEndPoint).Port;

        for (int i = 0; i < 3; i++)
        {
            var (code, stdout, stderr) = await NativePeer.RunToEndAsync(clientPath, ["127.0.0.1", port.ToString()]);
            Assert.True(code == 0, stderr);
            Assert.Equal("client: received 'Hello!\n'\n", stdout);
        }
    }
}
