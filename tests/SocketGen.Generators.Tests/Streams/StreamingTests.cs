using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace SocketGen.Generators.Tests.Streams;

/// <summary>Client, bidirectional and byte streams through the generated client and server, over TCP, a Unix socket and TLS.</summary>
public sealed class StreamingTests
{
    public static TheoryData<StreamTransport> Transports => [StreamTransport.Tcp, StreamTransport.Unix, StreamTransport.Tls];

    private static TimeSpan Timeout => StreamingHost.Timeout;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_stream_arrives_in_order_and_its_result_comes_back(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        long sum = await host.Client.SumAsync("numbers", Numbers(1, 5000)).WaitAsync(Timeout);

        Assert.Equal(5000L * 5001 / 2, sum);
        Assert.Equal(0, await host.Client.SumAsync("none", Numbers(1, 0)).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_stream_without_a_result_completes_when_the_method_has(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        await host.Client.CollectAsync(Lines("a", "bb", "", "héllo")).AsTask().WaitAsync(Timeout);

        Assert.Equal(["a", "bb", "", "héllo"], host.Service.Lines);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Both_directions_of_a_bidirectional_stream_flow_at_once(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        // Each number is sent only after the previous one came back doubled: a call that buffered one direction
        // until the other ended would hang here (bounded by the timeout) instead of answering.
        var outgoing = Channel.CreateUnbounded<int>();
        outgoing.Writer.TryWrite(1);
        var received = new List<int>();
        await foreach (int doubled in host.Client.DoubleAsync(outgoing.Reader.ReadAllAsync(), failAt: 0).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            received.Add(doubled);
            if (received.Count == 200)
            {
                outgoing.Writer.Complete();
            }
            else
            {
                outgoing.Writer.TryWrite(received.Count + 1);
            }
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(n => n * 2), received);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task An_exception_in_the_clients_enumerable_reaches_the_server_with_its_type_and_message(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        var error = await Assert.ThrowsAsync<FormatException>(() => host.Client.SumAsync("failing", Failing(3, new FormatException("bad number"))).WaitAsync(Timeout));

        Assert.Equal("bad number", error.Message);
        Exception seen = await host.Service.ClientStreamError.Task.WaitAsync(Timeout);
        RemoteException remote = Assert.IsType<RemoteException>(seen);
        Assert.Equal(typeof(FormatException).FullName, remote.RemoteTypeName);
        Assert.Contains("bad number", remote.Message, StringComparison.Ordinal);
        Assert.Equal(3, await host.Client.SumAsync("after", Numbers(1, 2)).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task An_exception_in_the_servers_iterator_reaches_the_client_and_stops_its_stream(StreamTransport transport)
    {
        // With details on, the message travels too (by default the server sends only the type).
        await using var host = await StreamingHost.StartAsync(transport, new SocketServerOptions { IncludeExceptionDetails = true });
        var sent = new SentCounter();

        var received = new List<int>();
        var error = await Assert.ThrowsAsync<RemoteException>(async () =>
        {
            await foreach (int doubled in host.Client.DoubleAsync(sent.Endless(), failAt: 10).WithCancellation(new CancellationTokenSource(Timeout).Token))
            {
                received.Add(doubled);
            }
        });

        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, error.RemoteTypeName);
        Assert.Contains("10 is not welcome here", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 9).Select(n => n * 2), received);
        await sent.Disposed.Task.WaitAsync(Timeout);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Cancelling_on_the_client_ends_both_directions(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);
        var sent = new SentCounter();
        using var cancel = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            await foreach (int doubled in host.Client.DoubleAsync(sent.Endless(), failAt: 0, cancel.Token))
            {
                if (doubled == 20)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
        await Within(host.Service.HandlerCancelled.Task, "the server's handler to be cancelled");
        await Within(sent.Disposed.Task, "the client's stream to be disposed");
        Assert.Equal(3, await host.Client.SumAsync("after", Numbers(1, 2)).WaitAsync(Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_server_method_that_stops_reading_ends_the_clients_stream(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);
        var sent = new SentCounter();

        int taken = await host.Client.TakeAsync(5, sent.Endless()).WaitAsync(Timeout);

        Assert.Equal(5, taken);
        await sent.Disposed.Task.WaitAsync(Timeout);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_stream_of_large_items_is_held_to_the_byte_window_not_the_item_window(StreamTransport transport)
    {
        // 512 KiB items against the default windows (64 items, 1 MiB): an item window alone would let 64 of them
        // (32 MiB) pile up in a server that does not read; the byte window lets about two through.
        await using var host = await StreamingHost.StartAsync(transport);
        var produced = 0;
        async IAsyncEnumerable<byte[]> Chunks([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            while (true)
            {
                Interlocked.Increment(ref produced);
                yield return new byte[512 * 1024];
                await Task.Yield();
            }
        }

        using var cancel = new CancellationTokenSource();
        Task<int> call = host.Client.IgnoreAsync(Chunks(), cancel.Token);
        await host.Service.HandlerStarted.Task.WaitAsync(Timeout);

        // Give a producer that is not held back every chance to run ahead (no timing is asserted).
        for (int i = 0; i < 50 && Volatile.Read(ref produced) < 64; i++)
        {
            await Task.Delay(20);
        }

        Assert.InRange(Volatile.Read(ref produced), 1, 4);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Timeout));
        await host.Service.HandlerCancelled.Task.WaitAsync(Timeout);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Disposing_the_client_ends_every_stream_it_has_open(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);
        StreamingServiceClient client = await host.ConnectAsync();
        var sent = new SentCounter();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var reading = Task.Run(async () =>
        {
            await foreach (int doubled in client.DoubleAsync(sent.Endless(), failAt: 0))
            {
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(Timeout);
        await client.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => reading.WaitAsync(Timeout));
        // The handler ends by cancellation or because its stream could no longer be sent, whichever comes first.
        await Within(host.Service.HandlerEnded.Task, "the server's handler to end");
        await Within(sent.Disposed.Task, "the client's stream to be disposed");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task An_upload_arrives_whole_and_a_download_reads_back_the_same_bytes(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        foreach (long length in new long[] { 0, 1, 64 * 1024, (3 * 1024 * 1024) + 7 })
        {
            Digest uploaded = await host.Client.UploadAsync("file", new PatternStream(length, seed: 5)).WaitAsync(Timeout);
            Assert.Equal(length, uploaded.Length);
            Assert.Equal(Sha256(new PatternStream(length, seed: 5)), uploaded.Sha256);

            await using Stream download = await host.Client.DownloadAsync(length, seed: 9).WaitAsync(Timeout);
            Assert.Equal(Sha256(new PatternStream(length, seed: 9)), await Sha256Async(download));
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Bytes_echoed_through_both_directions_at_once_come_back_whole(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);
        const long length = (5 * 1024 * 1024) + 123;

        await using Stream echoed = await host.Client.EchoBytesAsync(new PatternStream(length, seed: 1)).WaitAsync(Timeout);

        Assert.Equal(Sha256(new PatternStream(length, seed: 1)), await Sha256Async(echoed));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_download_that_fails_before_its_first_byte_fails_the_call(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        var error = await Assert.ThrowsAsync<RemoteException>(() => host.Client.DownloadAsync(-1, seed: 0).WaitAsync(Timeout));

        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, error.RemoteTypeName);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Disposing_a_download_midway_cancels_it_and_the_server_disposes_its_source(StreamTransport transport)
    {
        await using var host = await StreamingHost.StartAsync(transport);

        await using (Stream download = await host.Client.DownloadAsync(long.MaxValue, seed: 3).WaitAsync(Timeout))
        {
            byte[] buffer = new byte[100_000];
            await download.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
            Assert.Equal(PatternStream.At(99_999, 3), buffer[^1]);
        }

        await host.Service.DownloadSourceDisposed.Task.WaitAsync(Timeout);
        Assert.Equal(3, await host.Client.SumAsync("after", Numbers(1, 2)).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_client_stream_against_a_wire_1_1_server_fails_naming_the_feature()
    {
        // A raw 1.1 peer: it answers the preface as 1.1 and then reads whatever comes.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var peer = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptAsync();
            byte[] preface = new byte[8];
            await accepted.ReceiveAsync(preface);
            await accepted.SendAsync("SGRP\u0001\u0001\0\0"u8.ToArray());
            byte[] rest = new byte[4096];
            while (await accepted.ReceiveAsync(rest) > 0)
            {
                // A client that obeys the preface sends nothing for the stream call.
            }
        });

        await using (StreamingServiceClient client = await StreamingServiceClient.ConnectAsync(listener.LocalEndPoint!).AsTask().WaitAsync(Timeout))
        {
            var error = await Assert.ThrowsAsync<CallNotStartedException>(() => client.SumAsync("x", Numbers(1, 3)).WaitAsync(Timeout));
            Assert.Contains("Client streams need wire 1.2; the server speaks 1.1", error.Message, StringComparison.Ordinal);

            var duplexError = await Assert.ThrowsAsync<CallNotStartedException>(async () =>
            {
                await foreach (int _ in client.DoubleAsync(Numbers(1, 3), 0))
                {
                }
            });
            Assert.Contains("Bidirectional streams need wire 1.2; the server speaks 1.1", duplexError.Message, StringComparison.Ordinal);
        }

        await peer.WaitAsync(Timeout);
    }

    private static async IAsyncEnumerable<int> Numbers(int from, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return from + i;
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private static async IAsyncEnumerable<string> Lines(params string[] lines)
    {
        foreach (string line in lines)
        {
            await Task.Yield();
            yield return line;
        }
    }

    private static async IAsyncEnumerable<int> Failing(int failAfter, Exception error)
    {
        for (int i = 1; i <= failAfter; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw error;
    }

    private static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException("Waited in vain for " + what, ex);
        }
    }

    private static byte[] Sha256(Stream stream) => SHA256.HashData(stream);

    private static async Task<byte[]> Sha256Async(Stream stream) => await SHA256.HashDataAsync(stream).AsTask().WaitAsync(Timeout);

    /// <summary>An endless client stream that records when it was disposed (its call ended its enumeration).</summary>
    private sealed class SentCounter
    {
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<int> Endless([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (int i = 1; ; i++)
                {
                    await Task.Yield();
                    yield return i;
                }
            }
            finally
            {
                Disposed.TrySetResult();
            }
        }
    }
}
