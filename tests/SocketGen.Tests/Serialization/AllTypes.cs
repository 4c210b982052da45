using SocketGen.Serialization;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Serialization;

public sealed record Point(int X, int Y);

/// <summary>One field of every supported kind of value.</summary>
public sealed class AllTypes
{
    public bool Boolean { get; set; }
    public byte Byte { get; set; }
    public sbyte SByte { get; set; }
    public short Int16 { get; set; }
    public ushort UInt16 { get; set; }
    public int Int32 { get; set; }
    public uint UInt32 { get; set; }
    public long Int64 { get; set; }
    public ulong UInt64 { get; set; }
    public char Char { get; set; }
    public float Single { get; set; }
    public double Double { get; set; }
    public decimal Decimal { get; set; }
    public string? Text { get; set; }
    public byte[]? Bytes { get; set; }
    public ReadOnlyMemory<byte> Memory { get; set; }
    public int? MaybeInt { get; set; }
    public Guid Guid { get; set; }
    public DateTime DateTime { get; set; }
    public DateTimeOffset DateTimeOffset { get; set; }
    public TimeSpan TimeSpan { get; set; }
    public Color Color { get; set; }
    public int[]? Numbers { get; set; }
    public List<string?>? Names { get; set; }
    public Dictionary<string, int>? Scores { get; set; }
    public Point? Point { get; set; }
    public AllTypes? Child { get; set; }
}

/// <summary>The codec the generator would emit for <see cref="AllTypes"/> and <see cref="Point"/>.</summary>
public static class AllTypesCodec
{
    public const int FieldCount = 27;

    public static void Encode(ref WireWriter writer, AllTypes? value)
    {
        writer.WriteHasValue(value is not null);
        if (value is null)
        {
            return;
        }

        WireObjectToken token = writer.BeginObject(FieldCount);
        writer.WriteBoolean(value.Boolean);
        writer.WriteByte(value.Byte);
        writer.WriteSByte(value.SByte);
        writer.WriteInt16(value.Int16);
        writer.WriteUInt16(value.UInt16);
        writer.WriteInt32(value.Int32);
        writer.WriteUInt32(value.UInt32);
        writer.WriteInt64(value.Int64);
        writer.WriteUInt64(value.UInt64);
        writer.WriteChar(value.Char);
        writer.WriteSingle(value.Single);
        writer.WriteDouble(value.Double);
        writer.WriteDecimal(value.Decimal);
        writer.WriteString(value.Text);
        writer.WriteByteArray(value.Bytes);
        writer.WriteBytes(value.Memory.Span);
        writer.WriteHasValue(value.MaybeInt.HasValue);
        if (value.MaybeInt.HasValue)
        {
            writer.WriteInt32(value.MaybeInt.Value);
        }

        writer.WriteGuid(value.Guid);
        writer.WriteDateTime(value.DateTime);
        writer.WriteDateTimeOffset(value.DateTimeOffset);
        writer.WriteTimeSpan(value.TimeSpan);
        writer.WriteInt16((short)value.Color);
        writer.WriteHasValue(value.Numbers is not null);
        if (value.Numbers is not null)
        {
            writer.WriteCount(value.Numbers.Length);
            foreach (int n in value.Numbers)
            {
                writer.WriteInt32(n);
            }
        }

        writer.WriteHasValue(value.Names is not null);
        if (value.Names is not null)
        {
            writer.WriteCount(value.Names.Count);
            foreach (string? name in value.Names)
            {
                writer.WriteString(name);
            }
        }

        writer.WriteHasValue(value.Scores is not null);
        if (value.Scores is not null)
        {
            writer.WriteCount(value.Scores.Count);
            foreach (KeyValuePair<string, int> pair in value.Scores)
            {
                writer.WriteString(pair.Key);
                writer.WriteInt32(pair.Value);
            }
        }

        EncodePoint(ref writer, value.Point);
        Encode(ref writer, value.Child);
        writer.EndObject(token);
    }

    public static AllTypes? Decode(ref WireReader reader)
    {
        if (!reader.ReadHasValue())
        {
            return null;
        }

        WireObjectScope scope = reader.BeginObject(out int fieldCount);
        var value = new AllTypes();
        int i = 0;
        if (i++ < fieldCount) value.Boolean = reader.ReadBoolean();
        if (i++ < fieldCount) value.Byte = reader.ReadByte();
        if (i++ < fieldCount) value.SByte = reader.ReadSByte();
        if (i++ < fieldCount) value.Int16 = reader.ReadInt16();
        if (i++ < fieldCount) value.UInt16 = reader.ReadUInt16();
        if (i++ < fieldCount) value.Int32 = reader.ReadInt32();
        if (i++ < fieldCount) value.UInt32 = reader.ReadUInt32();
        if (i++ < fieldCount) value.Int64 = reader.ReadInt64();
        if (i++ < fieldCount) value.UInt64 = reader.ReadUInt64();
        if (i++ < fieldCount) value.Char = reader.ReadChar();
        if (i++ < fieldCount) value.Single = reader.ReadSingle();
        if (i++ < fieldCount) value.Double = reader.ReadDouble();
        if (i++ < fieldCount) value.Decimal = reader.ReadDecimal();
        if (i++ < fieldCount) value.Text = reader.ReadString();
        if (i++ < fieldCount) value.Bytes = reader.ReadByteArray();
        if (i++ < fieldCount) value.Memory = reader.ReadBytes();
        if (i++ < fieldCount) value.MaybeInt = reader.ReadHasValue() ? reader.ReadInt32() : null;
        if (i++ < fieldCount) value.Guid = reader.ReadGuid();
        if (i++ < fieldCount) value.DateTime = reader.ReadDateTime();
        if (i++ < fieldCount) value.DateTimeOffset = reader.ReadDateTimeOffset();
        if (i++ < fieldCount) value.TimeSpan = reader.ReadTimeSpan();
        if (i++ < fieldCount) value.Color = (Color)reader.ReadInt16();
        if (i++ < fieldCount && reader.ReadHasValue())
        {
            var numbers = new int[reader.ReadCount()];
            for (int n = 0; n < numbers.Length; n++)
            {
                numbers[n] = reader.ReadInt32();
            }

            value.Numbers = numbers;
        }

        if (i++ < fieldCount && reader.ReadHasValue())
        {
            int count = reader.ReadCount();
            var names = new List<string?>(count);
            for (int n = 0; n < count; n++)
            {
                names.Add(reader.ReadString());
            }

            value.Names = names;
        }

        if (i++ < fieldCount && reader.ReadHasValue())
        {
            int count = reader.ReadCount();
            var scores = new Dictionary<string, int>(count);
            for (int n = 0; n < count; n++)
            {
                string key = reader.ReadString()!;
                WireReader.AddEntry(scores, key, reader.ReadInt32());
            }

            value.Scores = scores;
        }

        if (i++ < fieldCount) value.Point = DecodePoint(ref reader);
        if (i++ < fieldCount) value.Child = Decode(ref reader);
        reader.EndObject(scope);
        return value;
    }

    public static void EncodePoint(ref WireWriter writer, Point? value)
    {
        writer.WriteHasValue(value is not null);
        if (value is null)
        {
            return;
        }

        WireObjectToken token = writer.BeginObject(2);
        writer.WriteInt32(value.X);
        writer.WriteInt32(value.Y);
        writer.EndObject(token);
    }

    public static Point? DecodePoint(ref WireReader reader)
    {
        if (!reader.ReadHasValue())
        {
            return null;
        }

        WireObjectScope scope = reader.BeginObject(out int fieldCount);
        int x = fieldCount > 0 ? reader.ReadInt32() : 0;
        int y = fieldCount > 1 ? reader.ReadInt32() : 0;
        reader.EndObject(scope);
        return new Point(x, y);
    }

    public static AllTypes Sample() => new()
    {
        Boolean = true,
        Byte = 255,
        SByte = -128,
        Int16 = short.MinValue,
        UInt16 = ushort.MaxValue,
        Int32 = int.MinValue,
        UInt32 = uint.MaxValue,
        Int64 = long.MinValue,
        UInt64 = ulong.MaxValue,
        Char = 'é',
        Single = float.Epsilon,
        Double = double.NaN,
        Decimal = -79228162514264337593543950335m,
        Text = "héllo, wörld — 日本語 🎉",
        Bytes = [],
        Memory = new byte[] { 0, 1, 2, 255 },
        MaybeInt = null,
        Guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
        DateTime = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
        DateTimeOffset = new DateTimeOffset(2001, 9, 9, 1, 46, 40, TimeSpan.FromMinutes(-570)),
        TimeSpan = TimeSpan.MinValue,
        Color = Color.Blue,
        Numbers = [int.MaxValue, 0, -1],
        Names = ["a", null, string.Empty, "ü"],
        Scores = new Dictionary<string, int> { ["x"] = 1, ["ÿ"] = -1 },
        Point = new Point(3, -4),
        Child = new AllTypes { Text = null, Bytes = null, MaybeInt = 7, Decimal = 1.5m, DateTime = DateTime.MaxValue, Color = Color.Red },
    };

    public static void AssertEqual(AllTypes? expected, AllTypes? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Boolean, actual.Boolean);
        Assert.Equal(expected.Byte, actual.Byte);
        Assert.Equal(expected.SByte, actual.SByte);
        Assert.Equal(expected.Int16, actual.Int16);
        Assert.Equal(expected.UInt16, actual.UInt16);
        Assert.Equal(expected.Int32, actual.Int32);
        Assert.Equal(expected.UInt32, actual.UInt32);
        Assert.Equal(expected.Int64, actual.Int64);
        Assert.Equal(expected.UInt64, actual.UInt64);
        Assert.Equal(expected.Char, actual.Char);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected.Single), BitConverter.SingleToInt32Bits(actual.Single));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Double), BitConverter.DoubleToInt64Bits(actual.Double));
        Assert.Equal(expected.Decimal, actual.Decimal);
        Assert.Equal(decimal.GetBits(expected.Decimal), decimal.GetBits(actual.Decimal));
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.Memory.ToArray(), actual.Memory.ToArray());
        Assert.Equal(expected.MaybeInt, actual.MaybeInt);
        Assert.Equal(expected.Guid, actual.Guid);
        Assert.Equal(expected.DateTime, actual.DateTime);
        Assert.Equal(expected.DateTime.Kind, actual.DateTime.Kind);
        Assert.Equal(expected.DateTimeOffset, actual.DateTimeOffset);
        Assert.Equal(expected.DateTimeOffset.Offset, actual.DateTimeOffset.Offset);
        Assert.Equal(expected.TimeSpan, actual.TimeSpan);
        Assert.Equal(expected.Color, actual.Color);
        Assert.Equal(expected.Numbers, actual.Numbers);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Scores, actual.Scores);
        Assert.Equal(expected.Point, actual.Point);
        AssertEqual(expected.Child, actual.Child);
    }
}
