using SocketGen.Framing;

namespace SocketGen.Tests.Framing;

public sealed class FrameReceiveBufferTests
{
    [Fact]
    public void A_claimed_huge_frame_grows_the_buffer_only_as_fast_as_its_bytes_arrive()
    {
        var buffer = new FrameReceiveBuffer();
        const int claimed = 16 * 1024 * 1024;
        int received = 0;
        while (received < 200 * 1024)
        {
            Memory<byte> room = buffer.GetReceiveMemory(claimed);
            int capacity = buffer.Length + room.Length;

            // Array sizes are rounded up to powers of two by the pool: allow that on top of "at most double".
            Assert.True(capacity <= 2 * RoundUpToPowerOfTwo(2 * received + FrameReceiveBuffer.InitialSize), $"{capacity} bytes offered after {received} received");
            int count = Math.Min(room.Length, 1000);
            buffer.Advance(count, dataWasWaiting: false);
            received += count;
        }

        Assert.Equal(received, buffer.Length);
    }

    [Fact]
    public void Bytes_keep_their_order_through_consuming_compacting_and_growing()
    {
        var buffer = new FrameReceiveBuffer();
        var expected = new List<byte>();
        byte next = 0;
        for (int round = 0; round < 200; round++)
        {
            // A frame header that says the next frame is larger than what is held makes the buffer grow.
            Memory<byte> room = buffer.GetReceiveMemory(round % 3 == 0 ? buffer.Length + 40_000 : 0);
            int count = Math.Min(room.Length, 3_000 + (round * 37 % 5_000));
            for (int i = 0; i < count; i++)
            {
                room.Span[i] = next;
                expected.Add(next);
                next = unchecked((byte)(next + 7));
            }

            buffer.Advance(count, dataWasWaiting: false);
            int consume = Math.Min(buffer.Length, 2_500 + (round * 53 % 4_000));
            Assert.Equal(expected.GetRange(0, buffer.Length), buffer.Data.ToArray());
            buffer.Consume(consume);
            expected.RemoveRange(0, consume);
        }

        Assert.Equal(expected, buffer.Data.ToArray());
    }

    [Fact]
    public void The_array_is_released_while_idle_but_never_while_it_holds_bytes()
    {
        var buffer = new FrameReceiveBuffer();
        buffer.GetReceiveMemory(0).Span[..3].Fill(9);
        buffer.Advance(3, dataWasWaiting: false);

        buffer.ReleaseIfEmpty();
        Assert.Equal(new byte[] { 9, 9, 9 }, buffer.Data.ToArray());

        buffer.Consume(3);
        buffer.ReleaseIfEmpty();
        Assert.True(buffer.IsEmpty);
        Assert.True(buffer.Memory.IsEmpty);
        Assert.True(buffer.GetReceiveMemory(0).Length >= FrameReceiveBuffer.InitialSize);
    }

    [Fact]
    public void A_receive_that_fills_all_the_room_offered_doubles_the_next_room_up_to_a_cap()
    {
        var buffer = new FrameReceiveBuffer();
        int previous = buffer.GetReceiveMemory(0).Length;
        for (int i = 0; i < 10; i++)
        {
            buffer.Advance(buffer.GetReceiveMemory(0).Length, dataWasWaiting: false);
            buffer.Consume(buffer.Length);
            int room = buffer.GetReceiveMemory(0).Length;
            Assert.True(room >= Math.Min(previous * 2, 128 * 1024), $"round {i}: {room} after {previous}");
            Assert.True(room <= 256 * 1024, $"round {i}: {room}");
            previous = room;
        }
    }

    [Fact]
    public void Only_a_connection_whose_data_was_already_waiting_skips_the_wait_without_an_array()
    {
        var buffer = new FrameReceiveBuffer();
        Assert.True(buffer.ShouldWaitWithoutArray);

        buffer.Advance(buffer.GetReceiveMemory(0).Length / 2, dataWasWaiting: true);
        Assert.False(buffer.ShouldWaitWithoutArray);
        buffer.Consume(buffer.Length);
        Assert.False(buffer.ShouldWaitWithoutArray);

        buffer.Advance(buffer.GetReceiveMemory(0).Length / 2, dataWasWaiting: false);
        buffer.Consume(buffer.Length);
        Assert.True(buffer.ShouldWaitWithoutArray);

        // A large array is never held while waiting, however busy the connection was.
        buffer.Advance(buffer.GetReceiveMemory(1024 * 1024).Length, dataWasWaiting: true);
        while (buffer.Length < 256 * 1024)
        {
            buffer.Advance(buffer.GetReceiveMemory(1024 * 1024).Length, dataWasWaiting: true);
        }

        buffer.Consume(buffer.Length);
        Assert.True(buffer.ShouldWaitWithoutArray);
    }

    private static int RoundUpToPowerOfTwo(int value) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value);
}
