using System.Buffers.Binary;
using System.Net.Sockets;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Tests.Hostile;

namespace SocketGen.Tests.Rpc;

/// <summary>Issue 18: cancellation that stops a stream's work, and server memory bounded for a client that does not read.</summary>
public class StreamLimitTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_stream_with_a_slow_consumer_stops_it_at_once_and_the_servers_producer_promptly(bool withCancellation)
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync();
        CalculatorClient client = await host.ConnectAsync();
        using var cancel = new CancellationTokenSource();
        System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable<int> items = withCancellation
            ? client.CountAsync(int.MaxValue).WithCancellation(cancel.Token)
            : client.CountAsync(int.MaxValue, cancel.Token).WithCancellation(default);
        int handedOutAfterCancel = 0;
        int consumed = 0;

        Task consumer = Task.Run(async () =>
        {
            await foreach (int item in items)
            {
                if (cancel.IsCancellationRequested)
                {
                    handedOutAfterCancel++;
                }

                consumed++;
                await Task.Delay(10);
            }
        });
        await RpcEngineTests.WaitUntil(() => Volatile.Read(ref consumed) >= 20);
        await cancel.CancelAsync();

        // Before the fix the consumer kept getting buffered items (and the server kept producing) indefinitely.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.WaitAsync(TestTimeout.Default));
        Assert.InRange(handedOutAfterCancel, 0, 1);
        await RpcEngineTests.WaitUntil(() => Volatile.Read(ref host.Calculator.ActiveStreams) == 0);
        int produced = Volatile.Read(ref host.Calculator.StreamItemsProduced);
        await Task.Delay(300);
        Assert.Equal(produced, Volatile.Read(ref host.Calculator.StreamItemsProduced));
        Assert.Equal(3, await client.AddAsync(1, 2));
    }

    [Fact]
    public async Task A_client_that_grants_a_huge_credit_and_never_reads_holds_a_bounded_amount_of_server_memory()
    {
        // The sweep's credit flood: 0x7FFFFF00 credit for an endless stream, nothing read. The credit clamp and
        // the data rate are off here so that only the send backlog bounds the stream.
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { MinSendDataRate = 0, MaxStreamCredit = int.MaxValue });
        using Socket socket = await OpenNeverReadingStreamAsync(host);

        int produced = await WaitForProductionToStopAsync(host.Calculator);

        // Each item is a 20-byte frame: at most the 4 MiB send backlog plus the kernel's socket buffers.
        Assert.InRange(produced, 1, 16 * 1024 * 1024 / 20);
        Assert.Equal(1, Volatile.Read(ref host.Calculator.ActiveStreams));
    }

    [Fact]
    public async Task Credit_a_client_grants_beyond_the_servers_maximum_is_ignored()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { MaxStreamCredit = 1000 });
        using Socket socket = await OpenNeverReadingStreamAsync(host);

        int produced = await WaitForProductionToStopAsync(host.Calculator);

        // The producer takes one more item from the method before it waits for credit it does not have.
        Assert.Equal(1001, produced);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_after_the_grace_period_with_a_logged_reason()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { MinSendDataRateGracePeriod = TimeSpan.FromSeconds(1), MaxStreamCredit = int.MaxValue });
        using Socket socket = await OpenNeverReadingStreamAsync(host);

        await RpcEngineTests.WaitUntil(() => host.Logger.Closes(CloseReason.MinDataRate).Length == 1, seconds: 30);

        Assert.Contains("bytes/s", host.Logger.Closes(CloseReason.MinDataRate)[0].Message, StringComparison.Ordinal);
        await RpcEngineTests.WaitUntil(() => Volatile.Read(ref host.Calculator.ActiveStreams) == 0);
    }

    /// <summary>A raw client with a small receive buffer: asks for an endless stream, grants 0x7FFFFF00 credit, never reads.</summary>
    private static async Task<Socket> OpenNeverReadingStreamAsync(RpcTestHost host)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync(host.EndPoint).WaitAsync(TestTimeout.Default);
        byte[] count = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(count, int.MaxValue);
        byte[] credit = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(credit, 0x7FFF_FF00);
        await RawSockets.SendQuietlyAsync(socket, (byte[])[
            .. Frames.Preface(),
            .. Frames.Request(1, CalculatorMethods.Count, count),
            .. Frames.Header(FrameType.StreamCredit, 1, CalculatorMethods.Count, 4), .. credit]);
        return socket;
    }

    /// <summary>Waits until the stream has produced nothing for a second; returns how many items it produced.</summary>
    private static async Task<int> WaitForProductionToStopAsync(Calculator calculator)
    {
        int last = -1;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            int now = Volatile.Read(ref calculator.StreamItemsProduced);
            if (now == last && now > 0)
            {
                return now;
            }

            last = now;
            await Task.Delay(1000);
        }

        throw new TimeoutException($"The stream was still producing after 30 s ({last} items): nothing bounds it.");
    }
}
