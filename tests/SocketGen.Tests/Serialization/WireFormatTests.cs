using System.Text;
using SocketGen.Serialization;

namespace SocketGen.Tests.Serialization;

public class WireFormatTests
{
    private static readonly WireEncoder<AllTypes?> s_encodeAll = AllTypesCodec.Encode;
    private static readonly WireDecoder<AllTypes?> s_decodeAll = AllTypesCodec.Decode;

    [Fact]
    public void Integers_are_fixed_size_big_endian()
    {
        byte[] bytes = WireCodec.Encode(0, static (ref WireWriter w, int _) =>
        {
            w.WriteInt16(0x0102);
            w.WriteInt32(0x03040506);
            w.WriteInt64(0x0708090A0B0C0D0E);
            w.WriteUInt32(1);
            w.WriteInt32(-2);
        });

        Assert.Equal(
            new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE },
            bytes);
    }

    [Fact]
    public void Strings_are_int32_length_then_utf8_with_minus_one_for_null()
    {
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, WireCodec.Encode<string?>(null, static (ref WireWriter w, string? s) => w.WriteString(s)));
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, WireCodec.Encode<string?>(string.Empty, static (ref WireWriter w, string? s) => w.WriteString(s)));
        Assert.Equal(new byte[] { 0, 0, 0, 3, 0x61, 0xC3, 0xA9 }, WireCodec.Encode<string?>("aé", static (ref WireWriter w, string? s) => w.WriteString(s)));
    }

    [Fact]
    public void Guid_is_written_in_rfc_order_and_datetime_with_its_kind()
    {
        byte[] guid = WireCodec.Encode(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), static (ref WireWriter w, Guid g) => w.WriteGuid(g));
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), guid);

        byte[] dateTime = WireCodec.Encode(new DateTime(1, DateTimeKind.Utc), static (ref WireWriter w, DateTime d) => w.WriteDateTime(d));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 1 }, dateTime);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_supported_value_round_trips(string name)
    {
        AllTypes? value = name switch
        {
            "null" => null,
            "defaults" => new AllTypes(),
            _ => AllTypesCodec.Sample(),
        };

        AllTypes? decoded = WireCodec.RoundTrip(value, s_encodeAll, s_decodeAll);

        AllTypesCodec.AssertEqual(value, decoded);
    }

    public static TheoryData<string> Samples() => new() { "null", "defaults", "sample" };

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("ünïcödé ✓ 漢字 😀 \u0000 embedded nul")]
    public void Strings_round_trip_exactly(string text)
    {
        string? decoded = WireCodec.RoundTrip<string?>(text, static (ref WireWriter w, string? s) => w.WriteString(s), static (ref WireReader r) => r.ReadString());
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void A_maximum_length_string_round_trips_and_one_byte_more_is_refused()
    {
        const int limit = 1024 * 1024;
        string text = new('€', (limit - 4) / 3);
        int encodedLength = 4 + Encoding.UTF8.GetByteCount(text);
        Assert.True(encodedLength <= limit && encodedLength > limit - 3);

        WireBuffer buffer = WireBuffer.Rent(limit);
        try
        {
            var writer = new WireWriter(buffer);
            writer.WriteString(text);
            var reader = new WireReader(buffer.WrittenSpan);
            Assert.Equal(text, reader.ReadString());
        }
        finally
        {
            WireBuffer.Return(buffer);
        }

        WireBuffer tooSmall = WireBuffer.Rent(encodedLength - 1);
        try
        {
            Assert.Throws<LimitExceededException>(() =>
            {
                var writer = new WireWriter(tooSmall);
                writer.WriteString(text);
            });
        }
        finally
        {
            WireBuffer.Return(tooSmall);
        }
    }

    [Fact]
    public void An_older_reader_skips_fields_a_newer_sender_added()
    {
        byte[] bytes = WireCodec.Encode(0, static (ref WireWriter w, int _) =>
        {
            // Point version 2 has a third field, Z, and a list after it.
            w.WriteHasValue(true);
            WireObjectToken token = w.BeginObject(4);
            w.WriteInt32(1);
            w.WriteInt32(2);
            w.WriteInt32(3);
            w.WriteString("added in v2");
            w.EndObject(token);
            w.WriteInt32(42);
        });

        var reader = new WireReader(bytes);
        Point? point = AllTypesCodec.DecodePoint(ref reader);
        int next = reader.ReadInt32();

        Assert.Equal(new Point(1, 2), point);
        Assert.Equal(42, next);
        Assert.Equal(0, reader.BytesRemaining);
    }

    [Fact]
    public void A_newer_reader_defaults_fields_an_older_sender_did_not_send()
    {
        byte[] bytes = WireCodec.Encode(0, static (ref WireWriter w, int _) =>
        {
            w.WriteHasValue(true);
            WireObjectToken token = w.BeginObject(1);
            w.WriteInt32(9);
            w.EndObject(token);
            w.WriteInt32(42);
        });

        var reader = new WireReader(bytes);
        Point? point = AllTypesCodec.DecodePoint(ref reader);

        Assert.Equal(new Point(9, 0), point);
        Assert.Equal(42, reader.ReadInt32());
    }

    [Fact]
    public void Every_truncation_of_a_valid_payload_is_a_protocol_violation()
    {
        byte[] bytes = WireCodec.Encode(AllTypesCodec.Sample(), s_encodeAll);
        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] truncated = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(truncated, s_decodeAll));
        }
    }

    [Theory]
    [InlineData("7FFFFFFF", "count")]
    [InlineData("FFFFFFFE", "count")]
    [InlineData("00000010 0000", "count")]
    public void A_count_larger_than_the_bytes_left_is_refused_before_allocating(string hex, string _)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var exception = Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadCount()));
        Assert.Contains("count", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7FFFFFFF")]
    [InlineData("FFFFFFFE")]
    [InlineData("00000005 61")]
    public void A_string_or_byte_length_beyond_the_payload_is_refused(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadString()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadByteArray()));
    }

    [Fact]
    public void Invalid_utf8_booleans_decimals_and_dates_are_refused()
    {
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(Convert.FromHexString("00000002C328"), static (ref WireReader r) => r.ReadString()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(new byte[] { 2 }, static (ref WireReader r) => r.ReadBoolean()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(Convert.FromHexString("000000000000000000000000001D0000"), static (ref WireReader r) => r.ReadDecimal()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(Convert.FromHexString("FFFFFFFFFFFFFFFF00"), static (ref WireReader r) => r.ReadDateTime()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(Convert.FromHexString("000000000000000003"), static (ref WireReader r) => r.ReadDateTime()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(Convert.FromHexString("00000000000000000400"), static (ref WireReader r) => r.ReadDateTimeOffset()));
    }

    [Fact]
    public void Deeply_nested_objects_are_refused_at_the_depth_limit()
    {
        // The writer refuses to produce this, so build it by hand as a hostile sender would.
        byte[] bytes = NestedObjectBytes(WireReader.MaxDepth + 1);

        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => ReadNested(ref r)));

        byte[] allowed = WireCodec.Encode(WireReader.MaxDepth, static (ref WireWriter w, int depth) => WriteNested(ref w, depth));
        Assert.Equal(WireReader.MaxDepth, WireCodec.Decode(allowed, static (ref WireReader r) => ReadNested(ref r)));
    }

    [Fact]
    public void Writing_objects_nested_deeper_than_the_reader_limit_throws()
    {
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Encode(WireReader.MaxDepth + 1, static (ref WireWriter w, int depth) => WriteNested(ref w, depth)));

        byte[] allowed = WireCodec.Encode(WireReader.MaxDepth, static (ref WireWriter w, int depth) => WriteNested(ref w, depth));
        Assert.Equal(NestedObjectBytes(WireReader.MaxDepth), allowed);
    }

    [Fact]
    public void Writing_a_cyclic_object_graph_throws_instead_of_overflowing_the_stack()
    {
        var first = new Node();
        var second = new Node { Next = first };
        first.Next = second;

        Assert.Throws<ProtocolViolationException>(() => WireCodec.Encode(first, static (ref WireWriter w, Node node) => WriteNode(ref w, node)));
    }

    [Fact]
    public void Sibling_objects_do_not_add_to_the_depth()
    {
        // Depth is counted down again at each EndObject: many objects side by side are fine.
        int count = WireReader.MaxDepth * 4;
        byte[] bytes = WireCodec.Encode(count, static (ref WireWriter w, int n) =>
        {
            for (int i = 0; i < n; i++)
            {
                WireObjectToken token = w.BeginObject(0);
                w.EndObject(token);
            }
        });

        Assert.Equal(count * 8, bytes.Length);
    }

    [Fact]
    public void An_object_whose_fields_overrun_its_length_is_refused()
    {
        // Field count 1, length 2, but the decoder reads a 4-byte field.
        byte[] bytes = Convert.FromHexString("01" + "00000001" + "00000002" + "00000007");
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => AllTypesCodec.DecodePoint(ref r)));
    }

    private static void WriteNested(ref WireWriter writer, int depth)
    {
        if (depth == 0)
        {
            return;
        }

        WireObjectToken token = writer.BeginObject(depth > 1 ? 1 : 0);
        WriteNested(ref writer, depth - 1);
        writer.EndObject(token);
    }

    /// <summary>Objects nested <paramref name="depth"/> deep, each with one field (the next) and the innermost with none.</summary>
    private static byte[] NestedObjectBytes(int depth)
    {
        byte[] bytes = new byte[depth * 8];
        for (int level = 0; level < depth; level++)
        {
            int offset = level * 8;
            int fieldCount = level < depth - 1 ? 1 : 0;
            int length = (depth - level - 1) * 8;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), fieldCount);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset + 4), length);
        }

        return bytes;
    }

    private static void WriteNode(ref WireWriter writer, Node? node)
    {
        writer.WriteHasValue(node is not null);
        if (node is null)
        {
            return;
        }

        WireObjectToken token = writer.BeginObject(1);
        WriteNode(ref writer, node.Next);
        writer.EndObject(token);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    private static int ReadNested(ref WireReader reader)
    {
        if (reader.BytesRemaining == 0)
        {
            return 0;
        }

        WireObjectScope scope = reader.BeginObject(out _);
        int depth = 1 + ReadNested(ref reader);
        reader.EndObject(scope);
        return depth;
    }
}
