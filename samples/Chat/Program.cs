using System.Net;
using Chat;
using SocketGen;

// Three modes:
//   dotnet run --project samples/Chat                         a server and three scripted members in one process
//   dotnet run --project samples/Chat -- server [port]        a chat server on 127.0.0.1 (default port 5070)
//   dotnet run --project samples/Chat -- client nick [room] [port]   an interactive member: type lines, /quit to leave
string mode = args.Length > 0 ? args[0] : "demo";
switch (mode)
{
    case "server":
        await RunServerAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5070);
        break;
    case "client":
        await RunClientAsync(args[1], args.Length > 2 ? args[2] : "lobby", args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5070);
        break;
    default:
        await RunDemoAsync();
        break;
}

static async Task RunDemoAsync()
{
    await using SocketServer server = await ChatServer.StartAsync(new ChatService(), new IPEndPoint(IPAddress.Loopback, 0));
    Console.WriteLine($"chat server on {server.LocalEndPoint}");

    var ann = new PrintingMember("ann");
    var bob = new PrintingMember("bob");
    var cy = new PrintingMember("cy");
    await using ChatClient annClient = await ChatClient.ConnectAsync(server.LocalEndPoint, ann);
    await using ChatClient bobClient = await ChatClient.ConnectAsync(server.LocalEndPoint, bob);
    ChatClient cyClient = await ChatClient.ConnectAsync(server.LocalEndPoint, cy);

    await annClient.JoinAsync("lobby", "ann");
    await bobClient.JoinAsync("lobby", "bob");
    string[] present = await cyClient.JoinAsync("lobby", "cy");
    Console.WriteLine($"cy joined lobby with: {string.Join(", ", present)}");

    await annClient.SayAsync("lobby", "hello, everyone");
    await bobClient.SayAsync("lobby", "hi ann");
    await cyClient.SayAsync("lobby", "gotta go");

    // cy's connection closes: the server notices and cy leaves the lobby; the others are told.
    await cyClient.DisposeAsync();
    await ann.WaitForAsync(line => line.Contains("cy left", StringComparison.Ordinal));
    await annClient.SayAsync("lobby", "bye cy");

    // Nobody can speak in a room without joining it.
    try
    {
        await bobClient.SayAsync("secret", "let me in");
    }
    catch (RemoteException ex)
    {
        Console.WriteLine($"bob could not speak in 'secret': {ex.RemoteTypeName}");
    }

    await bob.WaitForAsync(line => line.Contains("bye cy", StringComparison.Ordinal));
    Console.WriteLine("demo done");
}

static async Task RunServerAsync(int port)
{
    await using SocketServer server = await ChatServer.StartAsync(new ChatService(), new IPEndPoint(IPAddress.Loopback, port));
    Console.WriteLine($"chat server on {server.LocalEndPoint}; Ctrl+C stops it");
    var stopped = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopped.TrySetResult();
    };
    await stopped.Task;
}

static async Task RunClientAsync(string nick, string room, int port)
{
    var member = new PrintingMember(nick);
    await using ChatClient client = await ChatClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), member);
    string[] present = await client.JoinAsync(room, nick);
    Console.WriteLine($"joined {room} with: {string.Join(", ", present)}; type to talk, /quit to leave");
    while (Console.ReadLine() is { } line && line != "/quit")
    {
        await client.SayAsync(room, line);
    }
}

/// <summary>A member that prints what the server pushes to it.</summary>
internal sealed class PrintingMember(string nick) : IChatMember
{
    private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public ValueTask MessageAsync(ChatMessage message) => Print($"[{message.Room}] {message.From}: {message.Text}");

    public ValueTask PresenceAsync(string room, string who, bool joined) => Print($"[{room}] {who} {(joined ? "joined" : "left")}");

    /// <summary>Waits (at most 10 s) until this member has been pushed a line that matches.</summary>
    public async Task WaitForAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!match(await _lines.Reader.ReadAsync(timeout.Token)))
        {
        }
    }

    private ValueTask Print(string line)
    {
        Console.WriteLine($"  {nick} sees {line}");
        _lines.Writer.TryWrite(line);
        return default;
    }
}
