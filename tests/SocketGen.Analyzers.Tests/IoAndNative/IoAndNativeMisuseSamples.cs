using SocketGen.Analyzers.Tests.Native;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>
/// One source per rule family with the misuse each rule reports, for the truncation test (the marked
/// positions are proved by each rule's own tests; here only "never throws" matters).
/// </summary>
public static class IoAndNativeMisuseSamples
{
    public const string Receives = """
        using System;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        class ReceivingClient
        {
            async Task<string> ReadAsync(Socket socket, byte[] header, CancellationToken cancellationToken)
            {
                socket.Receive(header);
                _ = await socket.ReceiveAsync(header.AsMemory(0, 4), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[256];
                int n = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None);
                if (n <= 0)
                {
                    return string.Empty;
                }

                for (var i = 0; i < 3; i++)
                {
                    var m = await socket.ReceiveAsync(buffer, cancellationToken);
                    Console.WriteLine(m > 0 ? Encoding.UTF8.GetString(buffer) : "closed");
                }

                return Encoding.UTF8.GetString(buffer);
            }
        }
        """;

    public const string BlockingAndAddressing = """
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        class BlockingClient
        {
            async Task RunAsync(Socket socket, TcpListener listener, string host, byte[] buffer, CancellationToken cancellationToken)
            {
                var addresses = Dns.GetHostAddresses(host);
                socket.Connect(addresses[0], 80);
                var endPoint = new IPEndPoint((await Dns.GetHostEntryAsync(host)).AddressList.First(), 443);
                await socket.ConnectAsync(endPoint, cancellationToken);
                socket.Send(buffer, 0, buffer.Length, SocketFlags.None);
                using var client = listener.AcceptTcpClient();
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Udp);
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Tcp);
                socket.Listen(5);
                listener.Start(1);
                await Task.Run(async () => { await Task.Yield(); while (true) { socket.Accept(); } });
            }
        }
        """;

    public const string NativeMistakes = """
        using System;
        using System.Net;
        using System.Runtime.InteropServices;

        static unsafe partial class Server
        {
            [DllImport("libc")]
            static extern int getsockname(int fd, IntPtr addr, out int addrlen);

            [LibraryImport("libc", EntryPoint = "accept4")]
            private static partial int AcceptFour(int fd, sockaddr_storage* addr, out uint len, int flags);

            private static partial int AcceptFour(int fd, sockaddr_storage* addr, out uint len, int flags)
            {
                len = 0;
                return -1;
            }

            static void Serve(int fd, IPEndPoint endPoint, Func<bool> running)
            {
                var local = new sockaddr_in { sin_family = 2, sin_port = 8080 };
                local.sin_port = (ushort)endPoint.Port;
                Libc.bind(fd, &local, (uint)sizeof(sockaddr_in6));
                sockaddr_storage addr;
                uint len = (uint)sizeof(sockaddr_storage);
                while (running())
                {
                    int client = Libc.accept(fd, &addr, &len);
                    try
                    {
                        sockaddr_in6 peer;
                        int peerLen;
                        Libc.getpeername(client, &peer, &peerLen);
                    }
                    finally
                    {
                        Libc.close(client);
                    }
                }
            }
        }
        """ + NativeDeclarations.Source;

    /// <summary>Every source above, for theories.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new(nameof(Receives), Receives),
        new(nameof(BlockingAndAddressing), BlockingAndAddressing),
        new(nameof(NativeMistakes), NativeMistakes),
    ];
}
