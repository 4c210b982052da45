using System.ComponentModel;

namespace SocketGen.Streams;

/// <summary>
/// One received chunk of a byte stream, in an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>;
/// the <see cref="Stream"/> that reads the chunks returns each array once it has been read.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ByteChunk
{
    internal ByteChunk(byte[] array, int length)
    {
        Array = array;
        Length = length;
    }

    internal byte[] Array { get; }

    internal int Length { get; }
}
