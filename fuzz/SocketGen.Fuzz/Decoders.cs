using SocketGen.Generators.Tests.EndToEnd;
using SocketGen.Serialization;

namespace SocketGen.Fuzz;

/// <summary>
/// Generated decoders of the end-to-end contracts (<see cref="IEverythingService"/>, <see cref="IPickyService"/>),
/// each with its encoder and a sample value. The first input byte picks one; the rest is its payload.
/// </summary>
internal static class Decoders
{
    /// <summary>Decodes a payload; when it decodes, checks that encoding is stable: encode(decode(x)) decodes and encodes to the same bytes.</summary>
    public delegate void Check(ReadOnlySpan<byte> payload);

    public static readonly Check[] All =
    [
        Stable(EverythingServiceCodecs.EchoEverythingAsyncResultDecoder, EverythingServiceCodecs.EchoEverythingAsyncResultEncoder),
        Stable(EverythingServiceCodecs.EchoTreeAsyncResultDecoder, EverythingServiceCodecs.EchoTreeAsyncResultEncoder),
        Stable(EverythingServiceCodecs.EchoMapAsyncResultDecoder, EverythingServiceCodecs.EchoMapAsyncResultEncoder),
        Stable(PickyServiceCodecs.ReadDictionaryOfPercentAndInt32, PickyServiceCodecs.WriteDictionaryOfPercentAndInt32),
        Stable(EverythingServiceCodecs.MirrorAsyncResultDecoder, EverythingServiceCodecs.MirrorAsyncResultEncoder),
        Stable(EverythingServiceCodecs.EchoAsyncResultDecoder, EverythingServiceCodecs.EchoAsyncResultEncoder),
        Stable(EverythingServiceCodecs.EchoNullableAsyncResultDecoder, EverythingServiceCodecs.EchoNullableAsyncResultEncoder),
        Stable(EverythingServiceCodecs.NowAsyncResultDecoder, EverythingServiceCodecs.NowAsyncResultEncoder),
    ];

    /// <summary>A real encoding of a sample value for each decoder, in the order of <see cref="All"/>: the seeds.</summary>
    public static IEnumerable<byte[]> Samples()
    {
        var point = new Point(3, -4);
        var everything = new Everything(
            true, 255, -128, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, 'é',
            1.5f, -2.25, 79228162514264337593543950335m, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            new DateTime(2026, 12, 7, 1, 2, 3, DateTimeKind.Utc), new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.FromHours(-5)),
            TimeSpan.FromSeconds(-9), "héllo ✓", null, [0, 1, 255], [9], new byte[] { 7, 8 }, Mood.Sad, Mood.Happy, 42,
            [1, -2, 3], ["a", "b"], [point, new Point(5, 6)], new() { ["x"] = 1, ["y"] = -1 }, point, new Size(1.5, 2),
            null, new Settable { Id = 7, Name = "seven", Items = [point] }, [[1], [], [2, 3]], ["n", null]);
        var tree = new Node(1, new Node(2, null, []), [new Node(3, null, [new Node(4, null, [])])]);
        yield return Encode(everything, EverythingServiceCodecs.EchoEverythingAsyncResultEncoder);
        yield return Encode<Node?>(tree, EverythingServiceCodecs.EchoTreeAsyncResultEncoder);
        yield return Encode(new Dictionary<string, List<Point?>?> { ["p"] = [point, null], ["none"] = null }, EverythingServiceCodecs.EchoMapAsyncResultEncoder);
        yield return Encode<Dictionary<Percent, int>?>(new Dictionary<Percent, int> { [new Percent(50)] = 2 }, PickyServiceCodecs.WriteDictionaryOfPercentAndInt32);
        yield return Encode([point, new Point(0, 0)], EverythingServiceCodecs.MirrorAsyncResultEncoder);
        yield return Encode<string?>("text ✓", EverythingServiceCodecs.EchoAsyncResultEncoder);
        yield return Encode<int?>(-7, EverythingServiceCodecs.EchoNullableAsyncResultEncoder);
        yield return Encode(new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(14)), EverythingServiceCodecs.NowAsyncResultEncoder);
    }

    public static byte[] Encode<T>(T value, WireEncoder<T> encoder)
    {
        var buffer = new WireBuffer();
        var writer = new WireWriter(buffer);
        encoder(ref writer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static Check Stable<T>(WireDecoder<T> decoder, WireEncoder<T> encoder) => payload =>
    {
        T value;
        try
        {
            var reader = new WireReader(payload);
            value = decoder(ref reader);
        }
        catch (ProtocolViolationException)
        {
            return; // refused as it should be; any other exception escapes and is a finding
        }

        byte[] once = Encode(value, encoder);
        var again = new WireReader(once);
        byte[] twice = Encode(decoder(ref again), encoder);
        if (!once.AsSpan().SequenceEqual(twice))
        {
            throw new FuzzFindingException($"{typeof(T).Name}: re-encoding a decoded value is not stable ({once.Length} then {twice.Length} bytes).");
        }
    };
}
