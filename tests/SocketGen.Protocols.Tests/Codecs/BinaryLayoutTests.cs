using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Codecs;

/// <summary>The generated readers and writers, byte for byte.</summary>
public sealed class BinaryLayoutTests
{
    private static AllFields Sample(byte options = 1) => new()
    {
        U8 = 0x01,
        S8 = -2,
        U16 = 0x0304,
        S16 = -3,
        U32 = 0x05060708,
        S32 = -4,
        U64 = 0x1122334455667788,
        S64 = -5,
        Flag = true,
        Color = Color.Green,
        Magic = [0xDE, 0xAD, 0xBE, 0xEF],
        Name = "abc",
        Label = "hi",
        Origin = new Point { X = 1, Y = 2 },
        Options = options,
        Extra = 9,
        ShapeKind = 2,
        Shape = new Rectangle { Width = 3, Height = 4 },
        Payload = [0xAA, 0xBB],
    };

    [Fact]
    public void Every_field_kind_is_written_in_its_declared_width_and_byte_order()
    {
        using var writer = new MessageWriter();
        AllFieldsProtocol.WriteClientMessage(Sample(), writer);

        byte[] expected =
        [
            0x40, 0x00, 0x00, 0x00,                         // frame length 64, little-endian, header not counted
            0x01, 0xFE,                                     // U8, S8
            0x03, 0x04,                                     // U16, big-endian by its own attribute
            0xFD, 0xFF,                                     // S16 little-endian
            0x08, 0x07, 0x06, 0x05,                         // U32
            0xFC, 0xFF, 0xFF, 0xFF,                         // S32
            0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // U64
            0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // S64
            0x01,                                           // bool
            0x02, 0x00,                                     // enum : ushort
            0xDE, 0xAD, 0xBE, 0xEF,                         // fixed-size byte array
            0x61, 0x62, 0x63, 0x00, 0x00, 0x00, 0x00, 0x00, // char[8], zero-padded
            0x02, 0x68, 0x69,                               // length filled in by the writer, then the string
            0x00, 0x01, 0x02, 0x00,                         // nested Point: X big-endian, Y little-endian
            0x01, 0x09, 0x00, 0x00, 0x00,                   // flag set, so Extra is present
            0x02, 0x00, 0x03, 0x00, 0x04,                   // tag 2 chooses Rectangle (big-endian layout)
            0xAA, 0xBB,                                     // the rest
        ];
        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Every_field_kind_reads_back_as_written()
    {
        foreach (byte options in new byte[] { 0, 1 })
        {
            using var writer = new MessageWriter();
            AllFieldsProtocol.WriteClientMessage(Sample(options), writer);
            var frame = writer.Written.Span;
            Assert.Equal(frame.Length, AllFieldsProtocol.MeasureFrame(frame, fromClient: true, 1024));
            Assert.Equal(0, AllFieldsProtocol.MeasureFrame(frame[..^1], fromClient: true, 1024));

            var read = AllFieldsProtocol.ReadClientMessage(frame);
            var sample = Sample(options);
            Assert.Equal((uint)frame.Length - 4, read.Length);
            Assert.Equal((sample.U8, sample.S8, sample.U16, sample.S16, sample.U32, sample.S32, sample.U64, sample.S64), (read.U8, read.S8, read.U16, read.S16, read.U32, read.S32, read.U64, read.S64));
            Assert.Equal((true, Color.Green, "abc", "hi", (byte)2), (read.Flag, read.Color, read.Name, read.Label, read.LabelLength));
            Assert.Equal(sample.Magic, read.Magic);
            Assert.Equal((1, 2), (read.Origin.X, read.Origin.Y));
            Assert.Equal(options == 1 ? 9u : 0u, read.Extra);
            var rectangle = Assert.IsType<Rectangle>(read.Shape);
            Assert.Equal((3, 4), (rectangle.Width, rectangle.Height));
            Assert.Equal(sample.Payload, read.Payload);
        }
    }

    [Fact]
    public void A_union_tag_with_no_case_reads_as_null_when_the_member_is_nullable()
    {
        using var writer = new MessageWriter();
        AllFieldsProtocol.WriteClientMessage(Sample(), writer);
        byte[] frame = writer.Written.ToArray();
        int tagAt = frame.Length - 2 - 4 - 1;
        frame[tagAt] = 9; // no case has tag 9: the union reads nothing, so its 4 bytes become the payload
        var read = AllFieldsProtocol.ReadClientMessage(frame);
        Assert.Null(read.Shape);
        Assert.Equal([0x00, 0x03, 0x00, 0x04, 0xAA, 0xBB], read.Payload);
    }

    [Fact]
    public void A_length_at_an_offset_that_counts_the_header_with_an_adjustment_frames_the_packet()
    {
        using var writer = new MessageWriter();
        PacketProtocol.WriteClientMessage(new Packet { Version = 1, Kind = 7, Body = [1, 2, 3] }, writer);
        Assert.Equal([0x00, 0x01, 0x00, 0x08, 0x00, 0x07, 0x01, 0x02, 0x03], writer.Written.ToArray());
        Assert.Equal(9, PacketProtocol.MeasureFrame(writer.Written.Span, fromClient: true, 1024));
        Assert.Equal([1, 2, 3], PacketProtocol.ReadClientMessage(writer.Written.Span).Body);
    }

    [Fact]
    public void A_self_delimited_message_is_framed_by_its_header_fields()
    {
        using var writer = new MessageWriter();
        ChunkProtocol.WriteClientMessage(new Chunk { Type = 5, Key = "key", Body = [9, 8, 7, 6] }, writer);
        byte[] frame = writer.Written.ToArray();
        Assert.Equal([5, 0, 3, 0, 0, 0, 4, (byte)'k', (byte)'e', (byte)'y', 9, 8, 7, 6], frame);
        for (int cut = 0; cut < frame.Length; cut++)
        {
            Assert.Equal(0, ChunkProtocol.MeasureFrame(frame.AsSpan(0, cut), fromClient: true, 4096));
        }

        Assert.Equal(frame.Length, ChunkProtocol.MeasureFrame([.. frame, 1, 2, 3], fromClient: true, 4096));
    }

    [Fact]
    public void Length_fields_that_claim_2_GiB_are_refused_from_the_header()
    {
        byte[] prefixed = [0x00, 0x00, 0x00, 0x80, 0x01];
        Assert.Throws<LimitExceededException>(() => AllFieldsProtocol.MeasureFrame(prefixed, fromClient: true, 1024));

        byte[] chunkHeader = [5, 0, 0, 0x80, 0x00, 0x00, 0x00];
        Assert.Throws<LimitExceededException>(() => ChunkProtocol.MeasureFrame(chunkHeader, fromClient: true, 4096));
    }

    [Fact]
    public void Fixed_size_struct_messages_are_written_and_read_without_allocating()
    {
        using var writer = new MessageWriter();
        var reading = new SensorReading { SensorId = 7, Temperature = -20, Time = 123456789 };
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            writer.Clear();
            SensorProtocol.WriteClientMessage(reading, writer);
            sum += SensorProtocol.ReadClientMessage(writer.Written.Span).Temperature;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            writer.Clear();
            SensorProtocol.WriteClientMessage(reading, writer);
            sum += SensorProtocol.ReadClientMessage(writer.Written.Span).Temperature;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(16, writer.Position);
        Assert.Equal(-20 * 11_000, sum);
        Assert.Equal(0, allocated);
    }
}
