using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Hostile;

/// <summary>
/// Feeds a running server bytes no well-behaved client sends. Each test asserts that the server stays up,
/// that a good client on another connection keeps getting correct answers throughout, that memory stays
/// bounded, and that every bad connection is closed with a logged reason.
/// </summary>
public partial class HostileInputTests
{
    private const long MemoryBudget = 64L * 1024 * 1024;
    private static readonly string[] s_violation = [CloseReason.ProtocolViolation, CloseReason.LimitExceeded];
    private static readonly string[] s_anyBadReason = [CloseReason.ProtocolViolation, CloseReason.LimitExceeded, CloseReason.HandshakeTimeout, CloseReason.IdleTimeout];

    private static SocketServerOptions HostileOptions() => new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(1),
        IdleTimeout = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public Task Random_bytes_instead_of_a_preface_close_the_connection_with_a_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(4);
        for (int i = 0; i < 40; i++)
        {
            byte[] garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, garbage);
            await AssertClosedWithReasonAsync(host, socket, s_anyBadReason);
        }
    });

    [Fact]
    public Task Random_frames_after_a_valid_preface_close_the_connection_with_a_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(5);
        for (int i = 0; i < 40; i++)
        {
            byte[] garbage = new byte[random.Next(16, 2048)];
            random.NextBytes(garbage);
            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Frames.Preface(), .. garbage]);
            await AssertClosedWithReasonAsync(host, socket, s_anyBadReason);
        }
    });

    [Fact]
    public Task Mutated_frames_never_hurt_the_server_and_every_connection_ends_with_a_logged_reason() => UnderAttackAsync(async host =>
    {
        var random = new Random(6);
        byte[] valid = [.. Frames.AddRequest(1, 2, 3), .. Frames.Request(2, CalculatorMethods.Echo, Frames.String("hello")), .. Frames.AddRequest(3, 5, 8)];
        for (int i = 0; i < 60; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Frames.Preface(), .. mutated]);

            // A mutation may still be a valid call; ending our side makes every connection end one way or another.
            RawSockets.ShutdownSendQuietly(socket);
            await AssertClosedWithReasonAsync(host, socket, [.. s_anyBadReason, CloseReason.PeerClosed]);
        }
    });

    [Fact]
    public Task Every_truncation_of_a_frame_is_a_protocol_violation_when_the_peer_hangs_up() => UnderAttackAsync(async host =>
    {
        byte[] frame = Frames.AddRequest(1, 2, 3);
        for (int length = 1; length < frame.Length; length++)
        {
            using Socket socket = await RawSockets.ConnectAsync(host);
            await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Frames.Preface(), .. frame.AsSpan(0, length)]);
            RawSockets.ShutdownSendQuietly(socket);
            await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
        }
    });

    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x0010_0001u)]
    public Task A_huge_length_prefix_is_refused_from_the_header_without_allocating(uint length) => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        byte[] header = Frames.Header(FrameType.Request, 1, CalculatorMethods.EchoBytes, length);
        await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Frames.Preface(), .. header, .. new byte[1000]]);

        byte[] answer = await AssertClosedWithReasonAsync(host, socket, CloseReason.LimitExceeded);
        Assert.Equal((byte)FrameType.Error, answer[Frames.PrefaceLength]);
        Assert.Equal((uint)RpcErrorCode.LimitExceeded, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + FrameHeader.Size)));
    });

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)12)]
    [InlineData((byte)200)]
    [InlineData((byte)FrameType.Response)]
    [InlineData((byte)FrameType.StreamItem)]
    public Task Unknown_or_misdirected_frame_types_are_protocol_violations(byte type) => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        byte[] frame = Frames.AddRequest(1, 1, 1);
        frame[0] = type;
        await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Frames.Preface(), .. frame]);

        await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
    });

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "magic")]
    [InlineData("SGRX\u0001\0\0\0", "magic")]
    [InlineData("SGRP\u0002\0\0\0", "version 2.0")]
    public Task A_wrong_magic_or_version_gets_an_error_frame_then_close(string preface, string expected) => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        await RawSockets.SendQuietlyAsync(socket, System.Text.Encoding.Latin1.GetBytes(preface));

        byte[] answer = await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
        Assert.Equal((byte)FrameType.Error, answer[0]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(4)));
        Assert.Equal((uint)RpcErrorCode.VersionMismatch, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(FrameHeader.Size)));
        Assert.Contains(expected, System.Text.Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
    });

    [Fact]
    public Task A_sender_trickling_one_byte_at_a_time_is_served_correctly() => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        byte[] bytes = [.. Frames.Preface(), .. Frames.AddRequest(77, 20, 22)];
        foreach (byte b in bytes)
        {
            await socket.SendAsync(new[] { b });
            await Task.Delay(2);
        }

        byte[] answer = await ReceiveExactlyAsync(socket, Frames.PrefaceLength + FrameHeader.Size + 4);
        Assert.Equal((byte)FrameType.Response, answer[Frames.PrefaceLength]);
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + 4)));
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(Frames.PrefaceLength + FrameHeader.Size)));
    });

    [Fact]
    public Task A_sender_trickling_slower_than_the_timeouts_is_closed_with_a_reason() => UnderAttackAsync(async host =>
    {
        using Socket slowPreface = await RawSockets.ConnectAsync(host);
        using Socket slowFrame = await RawSockets.ConnectAsync(host);
        await slowFrame.SendAsync(Frames.Preface());
        byte[] preface = Frames.Preface();
        byte[] frame = Frames.AddRequest(1, 1, 1);
        for (int i = 0; i < preface.Length; i++)
        {
            await RawSockets.SendQuietlyAsync(slowPreface, preface.AsMemory(i, 1));
            await RawSockets.SendQuietlyAsync(slowFrame, frame.AsMemory(i, 1));
            await Task.Delay(250);
        }

        await AssertClosedWithReasonAsync(host, slowPreface, CloseReason.HandshakeTimeout);
        await AssertClosedWithReasonAsync(host, slowFrame, CloseReason.IdleTimeout);
    });

    [Fact]
    public Task A_thousand_idle_connections_are_all_closed_with_a_reason_while_service_continues() => UnderAttackAsync(async host =>
    {
        List<Socket> sockets = await RawSockets.OpenIdleUntilHandshakeTimeoutsAsync(host, 1000);
        try
        {
            foreach (Socket socket in sockets)
            {
                Assert.Single(host.Logger.Closes(CloseReason.HandshakeTimeout), e => e.Message.Contains(Describe(socket), StringComparison.Ordinal));
            }
        }
        finally
        {
            RawSockets.DisposeAll(sockets);
        }
    });

    /// <summary>Runs an attack against a fresh server while a good client keeps calling it, then checks the invariants.</summary>
    private static async Task UnderAttackAsync(Func<RpcTestHost, Task> attack)
    {
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        await using RpcTestHost host = await RpcTestHost.StartAsync(HostileOptions());
        CalculatorClient good = await host.ConnectAsync(new SocketClientOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(200) });
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

        try
        {
            await attack(host).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception) when (goodTraffic.IsFaulted)
        {
            // Report the good client's failure, which is the more telling one.
        }

        if (goodTraffic.IsFaulted)
        {
            string log = string.Join(Environment.NewLine, host.Logger.Entries.Select(e => e.Message).Where(m => !m.Contains(CloseReason.HandshakeTimeout, StringComparison.Ordinal)));
            throw new InvalidOperationException("The good client failed; server log:" + Environment.NewLine + log, goodTraffic.Exception);
        }

        int before = Volatile.Read(ref answered);
        await RpcEngineTests.WaitUntil(() => Volatile.Read(ref answered) > before + 3 || goodTraffic.IsCompleted);
        await stop.CancelAsync();
        await goodTraffic.WaitAsync(TestTimeout.Default);
        Assert.True(good.Connection.IsConnected);
        Assert.Equal(7, await good.AddAsync(3, 4));
        Assert.DoesNotContain(host.Logger.Entries, e => e.Message.Contains(CloseReason.TransportError, StringComparison.Ordinal) && e.Message.Contains("unexpected", StringComparison.Ordinal));

        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(memoryAfter - memoryBefore < MemoryBudget, $"memory grew by {(memoryAfter - memoryBefore) / 1024} KiB");
    }

    private static string Describe(Socket socket) => "connection " + socket.LocalEndPoint + ": ";

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        int received = 0;
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (received < count)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(received), timeout.Token);
            Assert.True(n > 0, "the server closed the connection");
            received += n;
        }

        return buffer;
    }

    /// <summary>Reads until the server closes (bounded), then asserts the close was logged with one of the reasons.</summary>
    private static async Task<byte[]> AssertClosedWithReasonAsync(RpcTestHost host, Socket socket, params string[] reasons)
    {
        string connection = Describe(socket);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (received.Length < 1024 * 1024)
            {
                int n = await socket.ReceiveAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            // Reset by the server: closed too.
        }

        Assert.False(timeout.IsCancellationRequested, $"The server did not close {connection}");
        await RpcEngineTests.WaitUntil(() => host.Logger.Entries.Any(e => e.Message.Contains(connection, StringComparison.Ordinal)));
        LogEntry entry = host.Logger.Entries.First(e => e.Message.Contains(connection, StringComparison.Ordinal));
        Assert.True(reasons.Any(r => entry.Message.Contains(connection + r + ":", StringComparison.Ordinal)), $"Unexpected close reason: {entry.Message}");
        return received.ToArray();
    }
}

/// <summary>Builds frames byte by byte, as a C client following docs/wire-format.md would.</summary>
internal static class Frames
{
    public const int PrefaceLength = 8;

    public static byte[] Preface() => "SGRP\u0001\0\0\0"u8.ToArray();

    public static byte[] Header(FrameType type, uint callId, uint methodId, uint length)
    {
        var header = new byte[FrameHeader.Size];
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), callId);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), methodId);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), length);
        return header;
    }

    public static byte[] Request(uint callId, uint methodId, byte[] payload) =>
        [.. Header(FrameType.Request, callId, methodId, (uint)payload.Length), .. payload];

    public static byte[] AddRequest(uint callId, int a, int b)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, a);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), b);
        return Request(callId, CalculatorMethods.Add, payload);
    }

    public static byte[] String(string value)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(value);
        var payload = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, utf8.Length);
        utf8.CopyTo(payload, 4);
        return payload;
    }
}
