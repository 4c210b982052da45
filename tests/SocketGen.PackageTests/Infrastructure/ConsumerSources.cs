namespace SocketGen.PackageTests.Infrastructure;

/// <summary>One source file of a consumer project.</summary>
public sealed record ConsumerSource(string FileName, string Text)
{
    /// <summary>The 1-based line that holds <paramref name="marker"/>, where a diagnostic is expected.</summary>
    public int LineOf(string marker)
    {
        var lines = Text.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new InvalidOperationException($"{FileName} has no line with '{marker}'.");
    }
}

/// <summary>
/// The code a consumer writes. It compiles today, with or without the generator and analyzers, so
/// the build always succeeds; each later assertion looks at one thing it should produce.
/// </summary>
internal static class ConsumerSources
{
    /// <summary>A [SocketContract] interface: the generator writes GreeterClient and GreeterServer for it.</summary>
    public static readonly ConsumerSource Contract = new("Greeter.cs", """
        using SocketGen;

        namespace Consumer;

        [SocketContract]
        public partial interface IGreeter
        {
            Task<string> GreetAsync(string name, CancellationToken cancellationToken = default);
        }
        """);

    /// <summary>Code that calls the generated client and server; it compiles only when the generator ran.</summary>
    public static readonly ConsumerSource GeneratedCodeUsage = new("UsesGeneratedCode.cs", """
        using System.Net;
        using SocketGen;

        namespace Consumer;

        public static class UsesGeneratedCode
        {
            public static async Task<string> GreetAsync(EndPoint server, CancellationToken cancellationToken)
            {
                await using var client = await GreeterClient.ConnectAsync(server, cancellationToken: cancellationToken);
                return await client.GreetAsync("consumer", cancellationToken);
            }

            public static ValueTask<SocketServer> ServeAsync(IGreeter implementation, CancellationToken cancellationToken) =>
                GreeterServer.StartAsync(implementation, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: cancellationToken);
        }
        """);

    /// <summary>Socket misuse, one rule per method; the marker comments name the line each diagnostic sits on.</summary>
    public static readonly ConsumerSource Misuse = new("SocketMisuse.cs", """
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;

        namespace Consumer;

        public static class SocketMisuse
        {
            public static void ConnectOnListeningSocket(EndPoint server)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.Listen();
                socket.Connect(server); // expect SG1001
            }

            public static byte[] ReceiveHeaderIgnoringCount(EndPoint server)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(server);
                var header = new byte[8];
                socket.Receive(header); // expect SG2001
                return header;
            }

            public static unsafe int AcceptWithUnsetAddressLength(int listener)
            {
                sockaddr_in address;
                int length;
                return accept(listener, &address, &length); // expect SG3001
            }

            [DllImport("libc", SetLastError = true)]
            private static extern unsafe int accept(int socket, sockaddr_in* address, int* addressLength);

            [StructLayout(LayoutKind.Sequential)]
            private struct sockaddr_in
            {
                public ushort sin_family;
                public ushort sin_port;
                public uint sin_addr;
                public ulong sin_zero;
            }
        }
        """);

    public static readonly IReadOnlyList<ConsumerSource> ForSocketGenPackage = [Contract, Misuse];

    /// <summary>SocketGen.Analyzers brings no runtime, so its consumer has no contract.</summary>
    public static readonly IReadOnlyList<ConsumerSource> ForAnalyzersPackage = [Misuse];
}
