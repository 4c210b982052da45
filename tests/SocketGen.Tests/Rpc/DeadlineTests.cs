using System.Buffers.Binary;
using System.Net;
using SocketGen.Addressing;
using SocketGen.Framing;
using SocketGen.Tests.Production;
using SocketGen.Timing;

namespace SocketGen.Tests.Rpc;

/// <summary>
/// Every TimeSpan the options accept works: a timeout longer than a .NET timer can wait (49.7 days) used to fail
/// every call with ArgumentOutOfRangeException ('delay') reported as the application's error.
/// </summary>
public class DeadlineTests
{
    public static TheoryData<TimeSpan> LongTimeouts() => new()
    {
        TimeSpan.FromMilliseconds(uint.MaxValue - 1.0),
        TimeSpan.FromMilliseconds(uint.MaxValue),
        TimeSpan.FromDays(50),
        TimeSpan.FromDays(365 * 100),
        TimeSpan.MaxValue,
    };

    [Theory]
    [MemberData(nameof(LongTimeouts))]
    public async Task A_call_timeout_longer_than_a_timer_can_wait_lets_every_call_succeed(TimeSpan timeout)
    {
        var serverOptions = new SocketServerOptions { HandshakeTimeout = timeout, IdleTimeout = timeout, DrainTimeout = timeout };
        await using RpcTestHost host = await RpcTestHost.StartAsync(serverOptions);
        CalculatorClient client = await host.ConnectAsync(new SocketClientOptions
        {
            CallTimeout = timeout,
            HandshakeTimeout = timeout,
            KeepAliveInterval = timeout,
            KeepAliveTimeout = timeout,
        });

        Assert.Equal(5, await client.AddAsync(2, 3).AsTask().WaitAsync(TestTimeout.Default));
        Assert.Equal(7, await client.DelayAsync(20, 7).WaitAsync(TestTimeout.Default));
        var items = new List<int>();
        await foreach (int item in client.CountAsync(3).WithCancellation(TestTimeout.Token()))
        {
            items.Add(item);
        }

        Assert.Equal([0, 1, 2], items);

        Assert.DoesNotContain(host.Logger.Entries, entry => entry.Exception is ArgumentOutOfRangeException);
    }

    [Theory]
    [MemberData(nameof(LongTimeouts))]
    public async Task A_connect_timeout_and_attempt_delay_longer_than_a_timer_can_wait_still_connect(TimeSpan timeout)
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        var options = new ConnectOptions { ConnectTimeout = timeout, AttemptDelay = timeout };

        await using SocketGen.Sockets.SocketConnection connection = await SocketConnector.ConnectAsync("localhost", host.EndPoint.Port, options, TestTimeout.Token());

        Assert.True(connection.Socket.Connected);
    }

    [Fact]
    public async Task A_server_serves_a_call_whose_deadline_field_is_the_largest_u32()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());
        byte[] payload = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(payload, uint.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), 20);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(8), 22);
        byte[] frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(FrameType.Request, FrameFlags.HasDeadline, 1, CalculatorMethods.Add, payload.Length).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));

        await raw.SendAsync([.. RawConnection.Preface(), .. frame], TestTimeout.Token());
        await raw.ReceiveAsync(ConnectionPreface.Size, TestTimeout.Token());
        (FrameHeader Header, byte[] Payload)? answer = await raw.ReceiveFrameAsync(TestTimeout.Token());

        Assert.NotNull(answer);
        Assert.Equal(FrameType.Response, answer.Value.Header.Type);
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(answer.Value.Payload));
    }

    [Fact]
    public async Task A_sub_millisecond_call_timeout_is_still_a_deadline()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        CalculatorClient client = await host.ConnectAsync(new SocketClientOptions { CallTimeout = TimeSpan.FromTicks(5) });

        // Truncated to 0 ms, this timeout used to mean "no deadline": the call ran for the whole minute.
        Task<int> call = client.DelayAsync(60_000, 1);
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(call.IsCompleted, "the call had no deadline");
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public void The_deadline_field_rounds_up_caps_at_the_timer_limit_and_is_absent_when_infinite()
    {
        Assert.Equal(0u, Timeouts.DeadlineToWire(Timeout.InfiniteTimeSpan));
        Assert.Equal(1u, Timeouts.DeadlineToWire(TimeSpan.FromTicks(1)));
        Assert.Equal(2u, Timeouts.DeadlineToWire(TimeSpan.FromMilliseconds(1.5)));
        Assert.Equal(300u, Timeouts.DeadlineToWire(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(Timeouts.MaxTimerMilliseconds, Timeouts.DeadlineToWire(TimeSpan.FromDays(50)));
        Assert.Equal(Timeouts.MaxTimerMilliseconds, Timeouts.DeadlineToWire(TimeSpan.MaxValue));

        Assert.Equal(TimeSpan.FromMilliseconds(1), Timeouts.DeadlineFromWire(0));
        Assert.Equal(Timeouts.MaxTimerDelay, Timeouts.DeadlineFromWire(uint.MaxValue));
        Assert.Equal(Timeout.InfiniteTimeSpan, Timeouts.ForTimer(TimeSpan.MaxValue));
        Assert.Equal(TimeSpan.FromSeconds(3), Timeouts.ForTimer(TimeSpan.FromSeconds(3)));
    }
}
