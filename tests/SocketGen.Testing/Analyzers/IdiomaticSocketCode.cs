namespace SocketGen.Testing.Analyzers;

/// <summary>
/// A corpus of correct socket code written the way well-known .NET servers and clients write it
/// (accept loops, per-connection handlers, client pools, SocketAsyncEventArgs servers, TcpListener,
/// TcpClient, UdpClient). No analyzer may report anything on it. It feeds the false-positive suite,
/// the truncation test and the analyzer benchmark.
/// </summary>
public static class IdiomaticSocketCode
{
    public const string SyncAcceptLoopWithThreads = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;

        public sealed class EchoServer
        {
            public static void Run(int port, CancellationToken cancellationToken)
            {
                using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen(128);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var client = listener.Accept();
                    var thread = new Thread(() => Handle(client)) { IsBackground = true };
                    thread.Start();
                }
            }

            private static void Handle(Socket client)
            {
                var buffer = new byte[4096];
                try
                {
                    while (true)
                    {
                        var received = client.Receive(buffer);
                        if (received == 0)
                        {
                            break;
                        }

                        client.Send(buffer.AsSpan(0, received));
                    }

                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
        """;

    public const string AsyncAcceptLoopWithPerConnectionTasks = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class AsyncServer : IDisposable
        {
            private readonly Socket _listenSocket;

            public AsyncServer(IPEndPoint endPoint)
            {
                _listenSocket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    _listenSocket.DualMode = true;
                }

                _listenSocket.Bind(endPoint);
                _listenSocket.Listen(512);
            }

            public EndPoint LocalEndPoint => _listenSocket.LocalEndPoint!;

            public async Task AcceptLoopAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    Socket acceptSocket;
                    try
                    {
                        acceptSocket = await _listenSocket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        continue; // the peer went away before we accepted: keep accepting
                    }

                    acceptSocket.NoDelay = true;
                    _ = HandleAsync(acceptSocket, cancellationToken);
                }
            }

            private static async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
            {
                using (socket)
                {
                    var buffer = new byte[8192];
                    while (true)
                    {
                        var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                        if (received == 0)
                        {
                            break;
                        }

                        await socket.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }

                    socket.Shutdown(SocketShutdown.Send);
                }
            }

            public void Dispose() => _listenSocket.Dispose();
        }

        public static class LocalServer
        {
            public static async Task ServeOnceAsync(CancellationToken cancellationToken)
            {
                using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
                listener.Listen();
                using var connection = await listener.AcceptAsync(cancellationToken);
                var buffer = new byte[1];
                _ = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                await connection.SendAsync(buffer, SocketFlags.None, cancellationToken);
                listener.Listen(1024); // raising the backlog later is legal
            }
        }
        """;

    public const string ClientPool = """
        using System;
        using System.Collections.Concurrent;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class SocketPool : IDisposable
        {
            private readonly ConcurrentBag<Socket> _idle = new();
            private readonly EndPoint _remote;

            public SocketPool(EndPoint remote) => _remote = remote;

            public async ValueTask<Socket> RentAsync(CancellationToken cancellationToken)
            {
                while (_idle.TryTake(out var pooled))
                {
                    if (pooled.Connected)
                    {
                        return pooled;
                    }

                    pooled.Dispose();
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(_remote, cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            public void Return(Socket socket)
            {
                if (socket.Connected)
                {
                    _idle.Add(socket);
                }
                else
                {
                    socket.Dispose();
                }
            }

            public void Dispose()
            {
                while (_idle.TryTake(out var socket))
                {
                    socket.Dispose();
                }
            }
        }

        public static class Connector
        {
            public static async Task<Socket> ConnectAnyAsync(string host, int port, CancellationToken cancellationToken)
            {
                var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                SocketException? last = null;
                foreach (var address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                        return socket;
                    }
                    catch (SocketException e)
                    {
                        last = e;
                        socket.Dispose();
                    }
                }

                throw last ?? new SocketException((int)SocketError.HostNotFound);
            }

            public static Socket ConnectWithRetry(EndPoint endPoint, int attempts)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        socket.Connect(endPoint);
                        return socket;
                    }
                    catch (SocketException) when (attempt < attempts)
                    {
                        socket.Dispose();
                        socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        Thread.Sleep(10 * attempt);
                    }
                }
            }

            public static void Reconnect(EndPoint first, EndPoint second)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(first);
                socket.Shutdown(SocketShutdown.Both);
                socket.Disconnect(reuseSocket: true);
                socket.Connect(second);
                socket.Close();
            }
        }
        """;

    public const string SocketAsyncEventArgsServer = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;

        public sealed class SaeaServer
        {
            private readonly int _bufferSize;
            private Socket? _listenSocket;
            private int _connected;

            public SaeaServer(int bufferSize) => _bufferSize = bufferSize;

            public void Start(IPEndPoint localEndPoint)
            {
                var listenSocket = new Socket(localEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listenSocket.Bind(localEndPoint);
                listenSocket.Listen(100);
                _listenSocket = listenSocket;
                var acceptEventArg = new SocketAsyncEventArgs();
                acceptEventArg.Completed += (_, e) => ProcessAccept(e);
                StartAccept(acceptEventArg);
            }

            private void StartAccept(SocketAsyncEventArgs acceptEventArg)
            {
                acceptEventArg.AcceptSocket = null;
                var listenSocket = _listenSocket!;
                if (!listenSocket.AcceptAsync(acceptEventArg))
                {
                    ProcessAccept(acceptEventArg);
                }
            }

            private void ProcessAccept(SocketAsyncEventArgs e)
            {
                Interlocked.Increment(ref _connected);
                var readEventArgs = new SocketAsyncEventArgs();
                readEventArgs.SetBuffer(new byte[_bufferSize], 0, _bufferSize);
                readEventArgs.UserToken = e.AcceptSocket;
                readEventArgs.Completed += IoCompleted;
                var socket = e.AcceptSocket!;
                if (!socket.ReceiveAsync(readEventArgs))
                {
                    ProcessReceive(readEventArgs);
                }

                StartAccept(e);
            }

            private void IoCompleted(object? sender, SocketAsyncEventArgs e)
            {
                switch (e.LastOperation)
                {
                    case SocketAsyncOperation.Receive:
                        ProcessReceive(e);
                        break;
                    case SocketAsyncOperation.Send:
                        ProcessSend(e);
                        break;
                    default:
                        throw new ArgumentException("The last operation completed on the socket was not a receive or send");
                }
            }

            private void ProcessReceive(SocketAsyncEventArgs e)
            {
                if (e.BytesTransferred > 0 && e.SocketError == SocketError.Success)
                {
                    e.SetBuffer(e.Offset, e.BytesTransferred);
                    var socket = (Socket)e.UserToken!;
                    if (!socket.SendAsync(e))
                    {
                        ProcessSend(e);
                    }
                }
                else
                {
                    CloseClientSocket(e);
                }
            }

            private void ProcessSend(SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.Success)
                {
                    var socket = (Socket)e.UserToken!;
                    e.SetBuffer(0, _bufferSize);
                    if (!socket.ReceiveAsync(e))
                    {
                        ProcessReceive(e);
                    }
                }
                else
                {
                    CloseClientSocket(e);
                }
            }

            private void CloseClientSocket(SocketAsyncEventArgs e)
            {
                var socket = (Socket)e.UserToken!;
                try
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException)
                {
                }

                socket.Close();
                Interlocked.Decrement(ref _connected);
                e.Dispose();
            }
        }
        """;

    public const string TcpListenerAndTcpClient = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        public static class LineServer
        {
            public static async Task RunAsync(int port, CancellationToken cancellationToken)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                try
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                        _ = Task.Run(() => ServeAsync(client, cancellationToken), cancellationToken);
                    }
                }
                finally
                {
                    listener.Stop();
                }
            }

            private static async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
            {
                using (client)
                {
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    using var writer = new StreamWriter(stream, Encoding.UTF8) { AutoFlush = true };
                    string? line;
                    while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                    {
                        await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            public static void RunOnce()
            {
                var listener = TcpListener.Create(0);
                listener.Start(10);
                if (listener.Pending())
                {
                    using var socket = listener.AcceptSocket();
                    socket.Send(new byte[] { 1 });
                }

                listener.Stop();
                listener.Start();
                using var tcpClient = listener.AcceptTcpClient();
                tcpClient.GetStream().WriteByte(2);
                listener.Dispose();
            }
        }

        public static class LineClient
        {
            public static async Task<string?> AskAsync(string host, int port, string question, CancellationToken cancellationToken)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                await using var stream = client.GetStream();
                var bytes = Encoding.UTF8.GetBytes(question + "\n");
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }

            public static void Ping(IPEndPoint endPoint)
            {
                using var client = new TcpClient(endPoint.AddressFamily);
                client.NoDelay = true;
                client.Connect(endPoint);
                using var stream = client.GetStream();
                stream.WriteByte(0);
                client.Client.Shutdown(SocketShutdown.Send);
                _ = stream.ReadByte();
            }
        }
        """;

    public const string UdpCode = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Udp
        {
            public static async Task EchoAsync(CancellationToken cancellationToken)
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
                while (!cancellationToken.IsCancellationRequested)
                {
                    var result = await udp.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                    await udp.SendAsync(result.Buffer, result.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
                }
            }

            public static int Query(IPEndPoint server, byte[] request, byte[] response)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.ReceiveTimeout = 1000;
                socket.Connect(server);
                socket.Send(request);
                var received = socket.Receive(response);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, server.Port)); // datagram sockets may re-connect
                return received;
            }

            public static void Serve(int port, byte[] buffer)
            {
                var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
                socket.DualMode = true;
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                EndPoint remote = new IPEndPoint(IPAddress.IPv6Any, 0);
                var count = socket.ReceiveFrom(buffer, ref remote);
                socket.SendTo(buffer.AsSpan(0, count), remote);
                socket.Close();
            }

            public static void Broadcast(byte[] datagram)
            {
                using var client = new UdpClient();
                client.EnableBroadcast = true;
                client.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, 9));
                var connected = new UdpClient("localhost", 9);
                connected.Send(datagram, datagram.Length);
                connected.Close();
            }
        }
        """;

    public const string OwnershipAndLifetimes = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;

        public sealed class Connection : IDisposable
        {
            private readonly Socket _socket;
            private readonly NetworkStream _stream;

            private Connection(Socket socket)
            {
                _socket = socket;
                _stream = new NetworkStream(socket, ownsSocket: true);
            }

            public static Connection Open(EndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                return new Connection(socket);
            }

            public static Stream OpenStream(EndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                var stream = new NetworkStream(socket, ownsSocket: true);
                return stream;
            }

            public static List<Socket> OpenMany(EndPoint endPoint, int count)
            {
                var sockets = new List<Socket>();
                for (var i = 0; i < count; i++)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    sockets.Add(socket);
                    socket.Connect(endPoint);
                }

                return sockets;
            }

            public static void CloseQuietly(Socket? socket)
            {
                if (socket is null)
                {
                    return;
                }

                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                finally
                {
                    socket.Close();
                }
            }

            public static void BindWithFallback(int preferredPort)
            {
                using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, preferredPort));
                }
                catch (SocketException)
                {
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                }

                listener.Listen();
            }

            public static Socket? TryAccept(Socket listener)
            {
                Socket? accepted = null;
                if (listener.Poll(0, SelectMode.SelectRead))
                {
                    accepted = listener.Accept();
                }

                return accepted;
            }

            public static void ReadAll(EndPoint endPoint, byte[] buffer)
            {
                Socket? socket = null;
                try
                {
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(endPoint);
                    var offset = 0;
                    while (offset < buffer.Length)
                    {
                        var read = socket.Receive(buffer, offset, buffer.Length - offset, SocketFlags.None);
                        if (read == 0)
                        {
                            throw new EndOfStreamException();
                        }

                        offset += read;
                    }
                }
                finally
                {
                    socket?.Dispose();
                }
            }

            public void Dispose()
            {
                _stream.Dispose();
                _socket.Dispose();
            }
        }
        """;

    /// <summary>Every source above, by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new(nameof(SyncAcceptLoopWithThreads), SyncAcceptLoopWithThreads),
        new(nameof(AsyncAcceptLoopWithPerConnectionTasks), AsyncAcceptLoopWithPerConnectionTasks),
        new(nameof(ClientPool), ClientPool),
        new(nameof(SocketAsyncEventArgsServer), SocketAsyncEventArgsServer),
        new(nameof(TcpListenerAndTcpClient), TcpListenerAndTcpClient),
        new(nameof(UdpCode), UdpCode),
        new(nameof(OwnershipAndLifetimes), OwnershipAndLifetimes),
    ];
}
