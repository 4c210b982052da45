using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Security;
using SocketGen.Tests.Hostile;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

/// <summary>
/// The hostile-input attacks of the engine's suite, replayed against a TLS server: the bad bytes travel
/// inside TLS (and, for the handshake itself, instead of it). The same invariants hold: the server stays up,
/// a good TLS client keeps getting correct answers, memory stays bounded, and every bad connection is
/// closed with a logged reason.
/// </summary>
public sealed class TlsHostileInputTests : IDisposable
{
    private const long MemoryBudget = 64L * 1024 * 1024;
    private static readonly string[] s_anyBadReason = [CloseReason.ProtocolViolation, CloseReason.LimitExceeded, CloseReason.HandshakeTimeout, CloseReason.IdleTimeout, SecurityCloseReason.TlsHandshakeFailed];
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public Task Random_bytes_instead_of_a_tls_handshake_close_the_connection_with_a_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(11);
        for (int i = 0; i < 30; i++)
        {
            byte[] garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, garbage);
            await AssertClosedWithReasonAsync(host, socket, null, s_anyBadReason);
        }
    });

    [Fact]
    public Task A_tls_handshake_record_followed_by_garbage_fails_the_handshake_with_a_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(12);
        for (int i = 0; i < 20; i++)
        {
            byte[] garbage = new byte[random.Next(5, 2048)];
            random.NextBytes(garbage);
            garbage[0] = 0x16;
            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, garbage);
            socket.Shutdown(SocketShutdown.Send);
            await AssertClosedWithReasonAsync(host, socket, null, s_anyBadReason);
        }
    });

    [Fact]
    public Task Random_bytes_inside_tls_instead_of_a_preface_close_the_connection_with_a_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(13);
        for (int i = 0; i < 20; i++)
        {
            byte[] garbage = new byte[random.Next(1, 2048)];
            random.NextBytes(garbage);
            (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
            using (socket)
            await using (tls)
            {
                await WriteQuietlyAsync(tls, garbage);
                await AssertClosedWithReasonAsync(host, socket, tls, s_anyBadReason);
            }
        }
    });

    [Fact]
    public Task Mutated_frames_inside_tls_never_hurt_the_server() => UnderAttackAsync(async host =>
    {
        var random = new Random(14);
        byte[] valid = [.. Frames.AddRequest(1, 2, 3), .. Frames.Request(2, CalculatorMethods.Echo, Frames.String("hello")), .. Frames.AddRequest(3, 5, 8)];
        for (int i = 0; i < 30; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
            using (socket)
            await using (tls)
            {
                await WriteQuietlyAsync(tls, [.. Frames.Preface(), .. mutated]);
                RawSockets.ShutdownSendQuietly(socket);
                await AssertClosedWithReasonAsync(host, socket, tls, [.. s_anyBadReason, CloseReason.PeerClosed, CloseReason.TransportError]);
            }
        }
    });

    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x0010_0001u)]
    public Task A_huge_length_prefix_inside_tls_is_refused_from_the_header(uint length) => UnderAttackAsync(async host =>
    {
        (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
        using (socket)
        await using (tls)
        {
            byte[] header = Frames.Header(FrameType.Request, 1, CalculatorMethods.EchoBytes, length);
            await WriteQuietlyAsync(tls, [.. Frames.Preface(), .. header, .. new byte[1000]]);

            byte[] answer = await AssertClosedWithReasonAsync(host, socket, tls, CloseReason.LimitExceeded);
            Assert.Equal((byte)FrameType.Error, answer[Frames.PrefaceLength]);
            Assert.Equal((uint)RpcErrorCode.LimitExceeded, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + FrameHeader.Size)));
        }
    });

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)12)]
    [InlineData((byte)FrameType.StreamItem)]
    public Task Unknown_or_misdirected_frame_types_inside_tls_are_protocol_violations(byte type) => UnderAttackAsync(async host =>
    {
        (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
        using (socket)
        await using (tls)
        {
            byte[] frame = Frames.AddRequest(1, 1, 1);
            frame[0] = type;
            await WriteQuietlyAsync(tls, [.. Frames.Preface(), .. frame]);
            await AssertClosedWithReasonAsync(host, socket, tls, CloseReason.ProtocolViolation);
        }
    });

    [Fact]
    public Task A_wrong_magic_inside_tls_gets_an_error_frame_then_close() => UnderAttackAsync(async host =>
    {
        (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
        using (socket)
        await using (tls)
        {
            await WriteQuietlyAsync(tls, "SGRX\u0001\0\0\0"u8.ToArray());
            byte[] answer = await AssertClosedWithReasonAsync(host, socket, tls, CloseReason.ProtocolViolation);
            Assert.Equal((byte)FrameType.Error, answer[0]);
            Assert.Equal((uint)RpcErrorCode.VersionMismatch, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(FrameHeader.Size)));
        }
    });

    [Fact]
    public Task A_sender_trickling_one_byte_at_a_time_inside_tls_is_served_correctly() => UnderAttackAsync(async host =>
    {
        (Socket socket, SslStream tls) = await ConnectTlsAsync(host);
        using (socket)
        await using (tls)
        {
            byte[] bytes = [.. Frames.Preface(), .. Frames.AddRequest(77, 20, 22)];
            foreach (byte b in bytes)
            {
                await tls.WriteAsync(new[] { b });
                await tls.FlushAsync();
                await Task.Delay(2);
            }

            byte[] answer = new byte[Frames.PrefaceLength + FrameHeader.Size + 4];
            await tls.ReadExactlyAsync(answer).AsTask().WaitAsync(TestTimeout.Default);
            Assert.Equal((byte)FrameType.Response, answer[Frames.PrefaceLength]);
            Assert.Equal(77u, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + 4)));
            Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + FrameHeader.Size)));
        }
    });

    [Fact]
    public Task Two_hundred_connections_that_never_start_tls_are_closed_at_the_handshake_timeout() => UnderAttackAsync(async host =>
    {
        // Opened, never used, and closed by the server at its handshake timeout, while the good client is served.
        RawSockets.DisposeAll(await RawSockets.OpenIdleUntilHandshakeTimeoutsAsync(host, 200));
    });

    private async Task UnderAttackAsync(Func<RpcTestHost, Task> attack)
    {
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        SocketServerOptions options = _certificates.ServerOptions();
        // Longer than the engine suite's 1 s: a TLS handshake (and hundreds of them) on a loaded two-core
        // machine can take longer than that, and the good client's own handshake must not be cut off.
        options.HandshakeTimeout = TimeSpan.FromSeconds(3);
        options.IdleTimeout = TimeSpan.FromSeconds(5);
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        SocketClientOptions clientOptions = _certificates.ClientOptions();
        clientOptions.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
        CalculatorClient good = await host.ConnectAsync(clientOptions);
        using var stop = new CancellationTokenSource();
        int answered = 0;
        Task goodTraffic = Task.Run(async () =>
        {
            var random = new Random(7);
            for (int i = 0; i < 1_000_000 && !stop.IsCancellationRequested; i++)
            {
                int a = random.Next(-1000, 1000);
                int b = random.Next(-1000, 1000);
                Assert.Equal(a + b, await good.AddAsync(a, b).AsTask().WaitAsync(TestTimeout.Default));
                Interlocked.Increment(ref answered);
                await Task.Delay(5);
            }
        });

        await attack(host).WaitAsync(TimeSpan.FromSeconds(60));
        int before = Volatile.Read(ref answered);
        await RpcEngineTests.WaitUntil(() => Volatile.Read(ref answered) > before + 3 || goodTraffic.IsCompleted);
        await stop.CancelAsync();
        await goodTraffic.WaitAsync(TestTimeout.Default);
        Assert.True(good.Connection.IsConnected);
        Assert.Equal(7, await good.AddAsync(3, 4));
        Assert.DoesNotContain(host.Logger.Entries, e => e.Message.Contains("unexpected", StringComparison.Ordinal));

        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(memoryAfter - memoryBefore < MemoryBudget, $"memory grew by {(memoryAfter - memoryBefore) / 1024} KiB");
    }

    private async Task<(Socket Socket, SslStream Tls)> ConnectTlsAsync(RpcTestHost host)
    {
        Socket socket = await RawSockets.ConnectAsync(host);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == _certificates.Server.Subject,
        };
        await tls.AuthenticateAsClientAsync(options, TestTimeout.Token());
        return (socket, tls);
    }

    private static async Task WriteQuietlyAsync(SslStream tls, byte[] bytes)
    {
        try
        {
            await tls.WriteAsync(bytes).AsTask().WaitAsync(TestTimeout.Default);
            await tls.FlushAsync();
        }
        catch (IOException)
        {
            // The server may already have closed on the first bad bytes.
        }
    }

    /// <summary>Reads until the server closes (bounded), then asserts the close was logged with one of the reasons.</summary>
    private static async Task<byte[]> AssertClosedWithReasonAsync(RpcTestHost host, Socket socket, SslStream? tls, params string[] reasons)
    {
        string connection = "connection " + socket.LocalEndPoint + ": ";
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (received.Length < 1024 * 1024)
            {
                int n = tls is null ? await socket.ReceiveAsync(buffer, timeout.Token) : await tls.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            // Reset by the server: closed too.
        }

        Assert.False(timeout.IsCancellationRequested, $"The server did not close {connection}");
        await RpcEngineTests.WaitUntil(() => host.Logger.Entries.Any(e => e.Message.Contains(connection, StringComparison.Ordinal)));
        LogEntry entry = host.Logger.Entries.First(e => e.Message.Contains(connection, StringComparison.Ordinal) && e.EventId.Name != "ConnectionAccepted");
        Assert.True(reasons.Any(r => entry.Message.Contains(connection + r + ":", StringComparison.Ordinal)), $"Unexpected close reason: {entry.Message}");
        return received.ToArray();
    }
}
