using System.Net;
using System.Net.Sockets;
using System.Text;

// The first program a newcomer runs: a loopback server and client exchanging one message.
// (It moves to a generated [SocketContract] client and server as the generator lands.)
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
listener.Listen();
var endPoint = (IPEndPoint)listener.LocalEndPoint!;
Console.WriteLine($"Listening on {endPoint}");

var serverTask = Task.Run(async () =>
{
    using var connection = await listener.AcceptAsync();
    var buffer = new byte[256];
    var received = await connection.ReceiveAsync(buffer);
    await connection.SendAsync(buffer.AsMemory(0, received));
});

using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
await client.ConnectAsync(endPoint);
await client.SendAsync(Encoding.UTF8.GetBytes("hello, sockets"));
var reply = new byte[256];
var count = await client.ReceiveAsync(reply);
Console.WriteLine($"Echoed: {Encoding.UTF8.GetString(reply, 0, count)}");
await serverTask;
