using System.Buffers.Binary;
using System.Net.Sockets;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Hostile;

/// <summary>Hostile use of the frames wire 1.2 lets a client send: stream items, stream ends, credit and errors for calls.</summary>
public partial class HostileInputTests
{
    private static byte[] Preface12() => "SGRP\u0001\u0002\0\0"u8.ToArray();

    private static byte[] Credit(uint callId, uint items, uint bytes)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, items);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), bytes);
        return [.. Frames.Header(FrameType.StreamCredit, callId, CalculatorMethods.Count, 8), .. payload];
    }

    private static byte[] DelayRequest(uint callId, int milliseconds)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, milliseconds);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), 1);
        return Frames.Request(callId, CalculatorMethods.Delay, payload);
    }

    /// <summary>Reads frames until the response for <paramref name="callId"/>, and returns its int result.</summary>
    private static async Task<int> ReadIntResponseAsync(Socket socket, uint callId)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        byte[] preface = new byte[Frames.PrefaceLength];
        await ReceiveExactlyAsync(socket, preface, timeout.Token);
        while (true)
        {
            byte[] header = new byte[FrameHeader.Size];
            await ReceiveExactlyAsync(socket, header, timeout.Token);
            byte[] payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12))];
            await ReceiveExactlyAsync(socket, payload, timeout.Token);
            if (header[0] == (byte)FrameType.Response && BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) == callId)
            {
                return BinaryPrimitives.ReadInt32BigEndian(payload);
            }
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            filled += n;
        }
    }

    [Fact]
    public Task A_credit_flood_grows_nothing_and_the_connection_keeps_answering() => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        var flood = new MemoryStream();
        flood.Write(Preface12());
        flood.Write(DelayRequest(1, 300));
        for (uint i = 0; i < 20_000; i++)
        {
            // Credit for a running unary call, for calls that never existed, with huge byte counts.
            flood.Write(Credit(i % 3 == 0 ? 1u : 1000 + i, uint.MaxValue, uint.MaxValue));
        }

        flood.Write(Frames.AddRequest(2, 20, 22));
        await socket.SendAsync(flood.ToArray());

        Assert.Equal(42, await ReadIntResponseAsync(socket, 2));
    });

    [Fact]
    public Task Stream_items_and_ends_for_streams_that_do_not_exist_are_ignored() => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        var frames = new MemoryStream();
        frames.Write(Preface12());
        for (uint i = 0; i < 1000; i++)
        {
            frames.Write([.. Frames.Header(FrameType.StreamItem, 5000 + i, CalculatorMethods.Add, 4), 0, 0, 0, 1]);
            frames.Write(Frames.Header(FrameType.StreamEnd, 9000 + i, CalculatorMethods.Add, 0));
        }

        frames.Write(Frames.AddRequest(7, 1, 2));
        await socket.SendAsync(frames.ToArray());

        Assert.Equal(3, await ReadIntResponseAsync(socket, 7));
    });

    [Theory]
    [InlineData((byte)FrameType.StreamItem)]
    [InlineData((byte)FrameType.StreamEnd)]
    public Task Client_stream_frames_on_a_unary_call_are_protocol_violations(byte type) => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        byte[] streamFrame = type == (byte)FrameType.StreamItem
            ? [.. Frames.Header(FrameType.StreamItem, 1, CalculatorMethods.Delay, 4), 0, 0, 0, 1]
            : Frames.Header(FrameType.StreamEnd, 1, CalculatorMethods.Delay, 0);
        await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Preface12(), .. DelayRequest(1, 2000), .. streamFrame]);

        await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    public Task A_credit_frame_of_the_wrong_length_is_a_protocol_violation(int length) => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        byte[] credit = [.. Frames.Header(FrameType.StreamCredit, 1, CalculatorMethods.Count, (uint)length), .. new byte[length]];
        await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Preface12(), .. credit]);

        await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
    });

    [Fact]
    public Task A_credit_that_grants_nothing_is_a_protocol_violation() => UnderAttackAsync(async host =>
    {
        using Socket socket = await RawSockets.ConnectAsync(host);
        await RawSockets.SendQuietlyAsync(socket, (byte[])[.. Preface12(), .. Credit(1, 0, 0)]);

        await AssertClosedWithReasonAsync(host, socket, CloseReason.ProtocolViolation);
    });
}
