using SocketGen.Serialization;

namespace SocketGen.Tests.Serialization;

/// <summary>The encodings docs/wire-format.md §6.2 gives DateOnly, TimeOnly, Half, Int128 and UInt128, and sets.</summary>
public class RicherValueEncodingTests
{
    [Fact]
    public void DateOnly_is_its_day_number_as_a_big_endian_int32()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, WireCodec.Encode(DateOnly.MinValue, static (ref WireWriter w, DateOnly d) => w.WriteDateOnly(d)));
        Assert.Equal(new byte[] { 0x00, 0x37, 0xB9, 0xDA }, WireCodec.Encode(DateOnly.MaxValue, static (ref WireWriter w, DateOnly d) => w.WriteDateOnly(d)));
        Assert.Equal(0x0037B9DA, DateOnly.MaxValue.DayNumber);
    }

    [Fact]
    public void TimeOnly_is_its_ticks_since_midnight_as_a_big_endian_int64()
    {
        byte[] bytes = WireCodec.Encode(new TimeOnly(0, 0, 0, 0).Add(TimeSpan.FromTicks(0x0102)), static (ref WireWriter w, TimeOnly t) => w.WriteTimeOnly(t));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }, bytes);
    }

    [Fact]
    public void Half_is_its_binary16_bits_big_endian_with_nan_payloads_kept()
    {
        Assert.Equal(new byte[] { 0x3C, 0x00 }, WireCodec.Encode(Half.One, static (ref WireWriter w, Half h) => w.WriteHalf(h)));
        Half nanWithPayload = BitConverter.UInt16BitsToHalf(0x7E01);
        Half decoded = WireCodec.RoundTrip(nanWithPayload, static (ref WireWriter w, Half h) => w.WriteHalf(h), static (ref WireReader r) => r.ReadHalf());
        Assert.Equal((ushort)0x7E01, BitConverter.HalfToUInt16Bits(decoded));
    }

    [Fact]
    public void Int128_and_UInt128_are_16_bytes_big_endian_high_half_first()
    {
        Int128 signed = new(0x0102030405060708, 0x090A0B0C0D0E0F10);
        Assert.Equal(Convert.FromHexString("0102030405060708090A0B0C0D0E0F10"), WireCodec.Encode(signed, static (ref WireWriter w, Int128 v) => w.WriteInt128(v)));
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE"), WireCodec.Encode((Int128)(-2), static (ref WireWriter w, Int128 v) => w.WriteInt128(v)));
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"), WireCodec.Encode(UInt128.MaxValue, static (ref WireWriter w, UInt128 v) => w.WriteUInt128(v)));
    }

    public static TheoryData<string> Extremes() => ["min", "max", "ordinary"];

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Every_new_scalar_round_trips_at_its_extremes(string which)
    {
        (DateOnly Day, TimeOnly Time, Half Half, Int128 Signed, UInt128 Unsigned) value = which switch
        {
            "min" => (DateOnly.MinValue, TimeOnly.MinValue, Half.MinValue, Int128.MinValue, UInt128.MinValue),
            "max" => (DateOnly.MaxValue, TimeOnly.MaxValue, Half.MaxValue, Int128.MaxValue, UInt128.MaxValue),
            _ => (new DateOnly(2026, 12, 7), new TimeOnly(23, 59, 59, 999), (Half)(-1.5f), (Int128)long.MinValue * 3, (UInt128)ulong.MaxValue * 5),
        };

        var decoded = WireCodec.RoundTrip(
            value,
            static (ref WireWriter w, (DateOnly Day, TimeOnly Time, Half Half, Int128 Signed, UInt128 Unsigned) v) =>
            {
                w.WriteDateOnly(v.Day);
                w.WriteTimeOnly(v.Time);
                w.WriteHalf(v.Half);
                w.WriteInt128(v.Signed);
                w.WriteUInt128(v.Unsigned);
            },
            static (ref WireReader r) => (r.ReadDateOnly(), r.ReadTimeOnly(), r.ReadHalf(), r.ReadInt128(), r.ReadUInt128()));

        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData("00 37 B9 DB")]
    [InlineData("FF FF FF FF")]
    [InlineData("80 00 00 00")]
    public void A_day_number_outside_DateOnly_is_a_violation(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var error = Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadDateOnly()));
        Assert.Contains("DateOnly", error.Message);
    }

    [Theory]
    [InlineData("00 00 00 C9 2A 69 C0 00")]
    [InlineData("FF FF FF FF FF FF FF FF")]
    public void Ticks_of_a_day_or_more_or_negative_are_not_a_TimeOnly(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.Equal(TimeSpan.TicksPerDay, 0x000000C92A69C000);
        var error = Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadTimeOnly()));
        Assert.Contains("TimeOnly", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public void A_wide_integer_cut_short_is_a_violation(int length)
    {
        byte[] bytes = new byte[length];
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadInt128()));
        Assert.Throws<ProtocolViolationException>(() => WireCodec.Decode(bytes, static (ref WireReader r) => r.ReadUInt128()));
    }

    [Fact]
    public void A_set_element_read_twice_is_a_violation()
    {
        var set = new HashSet<string?>();
        WireReader.AddElement(set, "a");
        WireReader.AddElement(set, null);

        var error = Assert.Throws<ProtocolViolationException>(() => WireReader.AddElement(set, "a"));
        Assert.Contains("twice", error.Message);
        Assert.Throws<ProtocolViolationException>(() => WireReader.AddElement(set, null));
    }

    [Fact]
    public void An_element_whose_equality_throws_is_a_violation_not_the_element_s_exception()
    {
        var set = new HashSet<Touchy> { new() };

        var error = Assert.Throws<ProtocolViolationException>(() => WireReader.AddElement(set, new Touchy()));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    private sealed class Touchy
    {
        public override int GetHashCode() => 1;

        public override bool Equals(object? obj) => throw new InvalidOperationException("no comparing");
    }
}
