using System.Net;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>
/// Well-framed requests whose arguments the generated decoders must refuse. Each is a protocol violation: the
/// method never runs and the caller is not told the method threw (it used to get ApplicationError with the
/// dictionary's ArgumentException or the record constructor's exception).
/// </summary>
public sealed class MalformedPayloadTests
{
    private static readonly WireDecoder<int> s_readInt32 = static (ref WireReader reader) => reader.ReadInt32();

    public static TheoryData<string> Payloads => ["repeated key", "null key", "refused record", "refused record key", "well formed"];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_payload_the_decoders_refuse_is_a_protocol_violation_and_the_method_never_runs(string payload)
    {
        var service = new PickyService();
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
        SocketServer server = await PickyServiceServer.StartAsync(service, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
        try
        {
            await using RpcConnection connection = await RpcConnection.ConnectAsync(server.LocalEndPoint, null, timeout.Token);
            (uint methodId, WireEncoder<bool> encode) = Request(payload);

            Task<int> call = connection.InvokeAsync(methodId, true, encode, s_readInt32, timeout.Token).AsTask();

            if (payload == "well formed")
            {
                Assert.Equal(3, await call);
                Assert.Equal(1, service.Runs);
                return;
            }

            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => call);
            Assert.IsType<ProtocolViolationException>(error);
            Assert.Equal(0, service.Runs);

            // The server is still up for a well-behaved client.
            await using PickyServiceClient good = await PickyServiceClient.ConnectAsync(server.LocalEndPoint, cancellationToken: timeout.Token);
            Assert.Equal(42, await good.ScoreAsync(new Percent(42)));
        }
        finally
        {
            await server.StopAsync(timeout.Token);
        }
    }

    private static (uint MethodId, WireEncoder<bool> Encode) Request(string payload) => payload switch
    {
        "repeated key" => (PickyServiceCodecs.TallyAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(2);
            writer.WriteString("a");
            writer.WriteInt32(1);
            writer.WriteString("a");
            writer.WriteInt32(2);
        }),
        "null key" => (PickyServiceCodecs.TallyAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(1);
            writer.WriteString(null);
            writer.WriteInt32(1);
        }),
        "refused record" => (PickyServiceCodecs.ScoreAsyncId, static (ref WireWriter writer, bool _) => WritePercent(ref writer, 150)),
        "refused record key" => (PickyServiceCodecs.TallyByPercentAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(1);
            WritePercent(ref writer, -1);
            writer.WriteInt32(1);
        }),
        _ => (PickyServiceCodecs.TallyAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(2);
            writer.WriteString("a");
            writer.WriteInt32(1);
            writer.WriteString("b");
            writer.WriteInt32(2);
        }),
    };

    private static void WritePercent(ref WireWriter writer, int value)
    {
        writer.WriteHasValue(true);
        WireObjectToken token = writer.BeginObject(1);
        writer.WriteInt32(value);
        writer.EndObject(token);
    }
}
