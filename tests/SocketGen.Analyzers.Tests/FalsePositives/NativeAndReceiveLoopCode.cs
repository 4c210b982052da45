using SocketGen.Analyzers.Tests.Native;

namespace SocketGen.Analyzers.Tests.FalsePositives;

/// <summary>
/// Correct native socket code (P/Invoke accept loops, getpeername, recvfrom, bind with a converted
/// port) and correct receive loops, added to the false-positive suite: no analyzer may report anything.
/// </summary>
public static class NativeAndReceiveLoopCode
{
    public const string NativeAcceptLoop = """
        using System;
        using System.Net;

        public static unsafe class NativeServer
        {
            const int AF_INET6 = 10;

            public static void Serve(int listenFd, Func<bool> running)
            {
                var local = new sockaddr_in6();
                local.sin6_family = AF_INET6;
                local.sin6_port = (ushort)IPAddress.HostToNetworkOrder((short)8080);
                if (Libc.bind(listenFd, &local, (uint)sizeof(sockaddr_in6)) != 0)
                {
                    return;
                }

                sockaddr_storage peer;
                uint peerLength;
                while (running())
                {
                    // Value-result: reset for every client, or an IPv6 peer after an IPv4 one is cut short.
                    peerLength = (uint)sizeof(sockaddr_storage);
                    int client = Libc.accept(listenFd, &peer, &peerLength);
                    if (client < 0)
                    {
                        continue;
                    }

                    sockaddr_in6 name;
                    int nameLength = sizeof(sockaddr_in6);
                    if (Libc.getpeername(client, &name, &nameLength) == 0)
                    {
                        Console.WriteLine(nameLength);
                    }

                    Libc.close(client);
                }
            }

            public static void ReceiveDatagrams(int fd, int count)
            {
                byte* buffer = stackalloc byte[1500];
                sockaddr_storage from;
                for (var i = 0; i < count; i++)
                {
                    uint fromLength = (uint)sizeof(sockaddr_storage);
                    var n = Libc.recvfrom(fd, buffer, 1500, 0, &from, &fromLength);
                    if (n < 0)
                    {
                        break;
                    }
                }
            }

            public static int AcceptWithRef(int fd)
            {
                var peer = new sockaddr_storage();
                var length = (uint)System.Runtime.InteropServices.Marshal.SizeOf<sockaddr_storage>();
                return Libc.Accept4(fd, ref peer, ref length, 0);
            }

            public static int Connect(int fd, IPEndPoint endPoint)
            {
                var remote = new sockaddr_in6
                {
                    sin6_family = AF_INET6,
                    sin6_port = (ushort)IPAddress.HostToNetworkOrder((short)endPoint.Port),
                };
                return Libc.connect(fd, ref remote, sizeof(sockaddr_in6));
            }
        }
        """ + NativeDeclarations.Source;

    public const string ReceiveLoops = """
        using System;
        using System.Buffers;
        using System.Buffers.Binary;
        using System.IO;
        using System.IO.Pipelines;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Framing
        {
            public static async ValueTask ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
            {
                while (!buffer.IsEmpty)
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (received == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    buffer = buffer[received..];
                }
            }

            public static async Task<string> ReadMessageAsync(Socket socket, CancellationToken cancellationToken)
            {
                var header = new byte[4];
                await ReceiveExactlyAsync(socket, header, cancellationToken).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                var body = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    await ReceiveExactlyAsync(socket, body.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    return Encoding.UTF8.GetString(body, 0, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }
            }

            public static async Task FillPipeAsync(Socket socket, PipeWriter writer, CancellationToken cancellationToken)
            {
                while (true)
                {
                    var memory = writer.GetMemory(4096);
                    var bytes = await socket.ReceiveAsync(memory, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (bytes == 0)
                    {
                        break;
                    }

                    writer.Advance(bytes);
                    var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }

                await writer.CompleteAsync().ConfigureAwait(false);
            }

            public static int ReadLine(Socket socket, StringBuilder line)
            {
                var buffer = new byte[256];
                var total = 0;
                int n;
                while ((n = socket.Receive(buffer)) > 0)
                {
                    line.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    total += n;
                    if (buffer[n - 1] == (byte)'\n')
                    {
                        break;
                    }
                }

                return total;
            }

            public static void Echo(Socket client)
            {
                Span<byte> buffer = stackalloc byte[1024];
                int received;
                while ((received = client.Receive(buffer)) != 0)
                {
                    client.Send(buffer[..received]);
                }
            }

            public static void SendAll(Socket socket, byte[] data) => socket.Send(data);

            public static int ReadFixedHeader(Socket socket)
            {
                var header = new byte[8];
                var n = socket.Receive(header);
                if (n != header.Length)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header);
            }
        }
        """;

    public const string AsyncClientsThatDoNotBlock = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Client
        {
            public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            public static async Task<Socket?> ConnectAnyAsync(string host, int port, CancellationToken cancellationToken)
            {
                foreach (var address in await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false))
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                        return socket;
                    }
                    catch (SocketException)
                    {
                        socket.Dispose();
                    }
                }

                return null;
            }

            public static Socket Listen(int port)
            {
                var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Unspecified);
                listener.DualMode = true;
                listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
                listener.Listen();
                return listener;
            }

            public static Task<int> OffloadAsync(Socket socket, byte[] buffer)
                => Task.Run(() => socket.Receive(buffer));
        }
        """;

    /// <summary>Every source above, for theories.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new(nameof(NativeAcceptLoop), NativeAcceptLoop),
        new(nameof(ReceiveLoops), ReceiveLoops),
        new(nameof(AsyncClientsThatDoNotBlock), AsyncClientsThatDoNotBlock),
    ];
}
