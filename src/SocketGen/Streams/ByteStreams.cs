using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using SocketGen.Serialization;

namespace SocketGen.Streams;

/// <summary>
/// Byte streams (a contract's <see cref="Stream"/> parameter or result) as the item streams of wire 1.2: the
/// sender reads its <see cref="Stream"/> in chunks and sends each chunk as one stream item whose payload is the
/// bytes themselves (no length); the receiver reads the chunks through a <see cref="Stream"/> again. Chunks, flow
/// control and 64-bit lengths stay inside: the user sees two streams. Generated code calls this.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ByteStreams
{
    /// <summary>The most bytes one chunk carries: well under the default frame cap, large enough that frames cost nothing measurable.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Writes a chunk as the whole payload of its frame.</summary>
    public static WireEncoder<ReadOnlyMemory<byte>> ChunkEncoder { get; } = static (ref WireWriter writer, ReadOnlyMemory<byte> chunk) => writer.WriteRaw(chunk.Span);

    /// <summary>Copies a frame's payload into a pooled chunk.</summary>
    public static WireDecoder<ByteChunk> ChunkDecoder { get; } = static (ref WireReader reader) =>
    {
        ReadOnlySpan<byte> bytes = reader.ReadRemaining();
        byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(array);
        return new ByteChunk(array, bytes.Length);
    };

    /// <summary>
    /// Reads <paramref name="source"/> to its end as chunks of at most <see cref="ChunkSize"/> bytes. Each chunk is
    /// valid until the next is asked for (the sender encodes it before that). Disposes nothing: the caller owns the stream.
    /// </summary>
    /// <param name="source">The stream to send.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The chunks.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (true)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    yield break;
                }

                yield return buffer.AsMemory(0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Waits for a server method's <see cref="Stream"/> result, sends it as chunks, and disposes it at the end
    /// (also when the call is cancelled midway).
    /// </summary>
    /// <param name="result">The user method's task.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The chunks.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadResultChunksAsync(ValueTask<Stream> result, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream source = await result.ConfigureAwait(false) ?? throw new InvalidOperationException("A method that returns a Stream returned null.");
        await using (source.ConfigureAwait(false))
        {
            await foreach (ReadOnlyMemory<byte> chunk in ReadChunksAsync(source, cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>A read-only <see cref="Stream"/> over received chunks (a server method's <see cref="Stream"/> parameter).</summary>
    /// <param name="chunks">The chunks as they arrive.</param>
    /// <returns>The stream; disposing it stops reading.</returns>
    public static Stream ToStream(IAsyncEnumerable<ByteChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return new ChunkReadStream(chunks.GetAsyncEnumerator(), hasCurrent: false);
    }

    /// <summary>
    /// Opens a <see cref="Stream"/> over a call's received chunks (a client method's <see cref="Stream"/> result):
    /// completes once the first chunk, the end or the error has arrived, so a method that fails before sending
    /// anything fails here. Disposing the stream before its end cancels the call.
    /// </summary>
    /// <param name="chunks">The call's chunks.</param>
    /// <returns>The stream.</returns>
    public static async ValueTask<Stream> OpenAsync(IAsyncEnumerable<ByteChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        IAsyncEnumerator<ByteChunk> enumerator = chunks.GetAsyncEnumerator();
        bool hasCurrent;
        try
        {
            hasCurrent = await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ChunkReadStream(enumerator, hasCurrent, ended: !hasCurrent);
    }
}
