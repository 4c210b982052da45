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

    /// <summary>Misuse that every SocketGen code fix repairs, several rules side by side in one file (see DotNetFormatFixTests).</summary>
    public static readonly ConsumerSource Fixable = new("Fixable.cs", """
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;

        namespace Consumer;

        /// <summary>Socket misuse that every SocketGen code fix can repair, several rules side by side.</summary>
        public static class FixableMisuse
        {
            public static void ListenWithoutBindThenUseAfterClose(byte[] buffer)
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Listen(); // SG1002
                using var connection = listener.Accept();
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, 7));
                socket.Dispose();
                socket.Send(buffer); // SG1004
                listener.Dispose();
            }

            public static void DataAndConnectOnTheListener(byte[] buffer)
            {
                using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen();
                using var connection = listener.Accept();
                listener.Send(buffer); // SG1008
                listener.Connect(new IPEndPoint(IPAddress.Loopback, 7)); // SG1001
            }

            public static byte ReceiveHeader(Socket socket)
            {
                var header = new byte[8];
                socket.Receive(header); // SG2001
                return header[0];
            }

            public static async Task BlockInAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
            {
                await Task.Yield();
                socket.Send(buffer); // SG2002
            }

            public static void ConnectToFirstAddress(Socket socket, string host)
            {
                var addresses = Dns.GetHostAddresses(host);
                socket.Connect(addresses[0], 80); // SG2003
            }

            public static Socket WrongProtocol() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Udp); // SG2004

            public static void SmallBacklog(Socket listener)
            {
                listener.Listen(5); // SG2005
                while (true)
                {
                    using var connection = listener.Accept();
                }
            }
        }

        /// <summary>Native interop with every SG3xxx rule.</summary>
        public static unsafe class NativeMisuse
        {
            public static int AcceptWithUnsetLength(int fd)
            {
                sockaddr_storage addr;
                uint len;
                return accept(fd, &addr, &len); // SG3001
            }

            public static void AcceptInALoop(int fd)
            {
                sockaddr_storage addr;
                uint len = (uint)sizeof(sockaddr_storage);
                while (fd > 0)
                {
                    close(accept(fd, &addr, &len)); // SG3002
                }
            }

            [DllImport("libc")]
            private static extern int getsockname(int fd, IntPtr addr, out int addrlen); // SG3003

            public static int Name(int fd, IntPtr addr)
            {
                int len = 128;
                return getsockname(fd, addr, out len);
            }

            public static sockaddr_in Port(ushort port)
            {
                var addr = new sockaddr_in();
                addr.sin_port = 13; // SG3004
                return addr;
            }

            public static int BindWrongLength(int fd)
            {
                var six = new sockaddr_in6();
                return bind(fd, &six, (uint)sizeof(sockaddr_in)); // SG3005
            }

            [DllImport("libc")]
            private static extern int accept(int fd, void* addr, uint* addrlen);

            [DllImport("libc")]
            private static extern int bind(int fd, void* addr, uint addrlen);

            [DllImport("libc")]
            private static extern int close(int fd);
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct sockaddr_in
        {
            public ushort sin_family;
            public ushort sin_port;
            public uint sin_addr;
            public ulong sin_zero;
        }

        public unsafe struct in6_addr
        {
            public fixed byte s6_addr[16];
        }

        public struct sockaddr_in6
        {
            public ushort sin6_family;
            public ushort sin6_port;
            public uint sin6_flowinfo;
            public in6_addr sin6_addr;
            public uint sin6_scope_id;
        }

        public unsafe struct sockaddr_storage
        {
            public ushort ss_family;
            public fixed byte ss_data[126];
        }
        """);

    /// <summary>Makes SG2004 (an error) and SG2005 (info) warnings, so a consumer with every rule's misuse builds and shows them.</summary>
    public static readonly ConsumerSource AllRulesAsWarnings = new(".globalconfig", """
        is_global = true
        dotnet_diagnostic.SG2004.severity = warning
        dotnet_diagnostic.SG2005.severity = warning
        """);

    public static readonly IReadOnlyList<ConsumerSource> ForSocketGenPackage = [Contract, Misuse];

    /// <summary>SocketGen.Analyzers brings no runtime, so its consumer has no contract.</summary>
    public static readonly IReadOnlyList<ConsumerSource> ForAnalyzersPackage = [Misuse];
}
