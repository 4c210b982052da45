using System.Net;
using Memcached.Binary;
using SocketGen.Protocols;

namespace SocketGen.ProtocolBench.Allocation;

/// <summary>
/// Bytes allocated per get and per set of fixed-size binary messages in steady state: first the generated codecs
/// alone (a client writes the request, a server measures and reads it and writes the reply, the client measures and
/// reads that: everything but the socket), counted on this thread; then whole round trips through the generated
/// client against memcached, counted process-wide.
/// </summary>
internal static class AllocationCheck
{
    private const ulong Key = 0x6b65792d30303031; // "key-0001"

    public static AllocationFigures MeasureCodecs(int operations)
    {
        using var clientWriter = new MessageWriter();
        using var serverWriter = new MessageWriter();
        var get = GetRequest(1);
        var set = SetRequest(2, 42);

        // Warm up (tiered compilation, pool buffers), then count.
        CodecRoundTrip(get, clientWriter, serverWriter, operations / 10);
        CodecRoundTrip(set, clientWriter, serverWriter, operations / 10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        CodecRoundTrip(get, clientWriter, serverWriter, operations);
        long afterGets = GC.GetAllocatedBytesForCurrentThread();
        CodecRoundTrip(set, clientWriter, serverWriter, operations);
        long afterSets = GC.GetAllocatedBytesForCurrentThread();
        return new AllocationFigures((double)(afterGets - before) / operations, (double)(afterSets - afterGets) / operations);
    }

    public static async Task<AllocationFigures> MeasureClientAsync(IPEndPoint memcached, int operations)
    {
        await using var client = await FixedSizeMemcached.ConnectAsync(memcached);
        uint opaque = 0;
        await RoundTripsAsync(client, () => SetRequest(++opaque, 42), operations / 10);
        await RoundTripsAsync(client, () => GetRequest(++opaque), operations / 10);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await RoundTripsAsync(client, () => GetRequest(++opaque), operations);
        long afterGets = GC.GetTotalAllocatedBytes(precise: true);
        await RoundTripsAsync(client, () => SetRequest(++opaque, 42), operations);
        long afterSets = GC.GetTotalAllocatedBytes(precise: true);
        return new AllocationFigures((double)(afterGets - before) / operations, (double)(afterSets - afterGets) / operations);
    }

    private static async Task RoundTripsAsync(ProtocolClient<FixedSizeMemcached, FixedRequest, FixedResponse> client, Func<FixedRequest> request, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var reply = await client.RequestAsync(request());
            if (reply.Status != ResponseStatus.Success)
            {
                throw new InvalidOperationException($"memcached answered {reply.Opcode} with {reply.Status}.");
            }
        }
    }

    private static void CodecRoundTrip(FixedRequest request, MessageWriter clientWriter, MessageWriter serverWriter, int count)
    {
        for (int i = 0; i < count; i++)
        {
            clientWriter.Clear();
            FixedSizeMemcached.WriteClientMessage(request, clientWriter);
            var requestFrame = clientWriter.Written.Span;
            long requestLength = FixedSizeMemcached.MeasureFrame(requestFrame, fromClient: true, FixedSizeMemcached.DefaultMaxFrameLength);
            var received = FixedSizeMemcached.ReadClientMessage(requestFrame[..(int)requestLength]);

            serverWriter.Clear();
            FixedSizeMemcached.WriteServerMessage(Reply(received), serverWriter);
            var replyFrame = serverWriter.Written.Span;
            long replyLength = FixedSizeMemcached.MeasureFrame(replyFrame, fromClient: false, FixedSizeMemcached.DefaultMaxFrameLength);
            var reply = FixedSizeMemcached.ReadServerMessage(replyFrame[..(int)replyLength]);
            if (reply.Opaque != request.Opaque)
            {
                throw new InvalidOperationException("The codec round trip lost the opaque.");
            }
        }
    }

    private static FixedResponse Reply(FixedRequest request) => request.Opcode == Opcode.Get
        ? new FixedResponse { Magic = 0x81, Opcode = Opcode.Get, ExtrasLength = 4, Opaque = request.Opaque, Cas = 7, Flags = 0, Value = 42 }
        : new FixedResponse { Magic = 0x81, Opcode = request.Opcode, Opaque = request.Opaque, Cas = 7 };

    private static FixedRequest GetRequest(uint opaque) =>
        new() { Magic = 0x80, Opcode = Opcode.Get, KeyLength = 8, Opaque = opaque, Key = Key };

    private static FixedRequest SetRequest(uint opaque, ulong value) =>
        new() { Magic = 0x80, Opcode = Opcode.Set, KeyLength = 8, ExtrasLength = 8, Opaque = opaque, Key = Key, Value = value };
}

/// <summary>Bytes allocated per operation.</summary>
internal readonly record struct AllocationFigures(double PerGet, double PerSet);
