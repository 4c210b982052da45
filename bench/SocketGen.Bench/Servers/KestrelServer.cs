using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;

namespace SocketGen.Bench.Servers;

/// <summary>
/// Kestrel as a raw TCP server: no HTTP, a <see cref="ConnectionHandler"/> that parses frames straight off
/// the connection's <see cref="PipeReader"/> and answers into its <see cref="PipeWriter"/>, flushing once per read.
/// </summary>
internal static class KestrelServer
{
    public static Task<WebAppServer> StartAsync()
    {
        // The empty builder adds no logging, configuration sources or middleware: just the server.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0, listen => listen.UseConnectionHandler<BenchConnectionHandler>());
        });
        return WebAppServer.StartAsync(builder.Build());
    }

    /// <summary>Answers Add and Echo requests on one connection.</summary>
    private sealed class BenchConnectionHandler : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            PipeReader input = connection.Transport.Input;
            PipeWriter output = connection.Transport.Output;
            bool prefaceDone = false;
            try
            {
                while (true)
                {
                    ReadResult result = await input.ReadAsync().ConfigureAwait(false);
                    ReadOnlySequence<byte> buffer = result.Buffer;
                    bool wrote = false;
                    if (!prefaceDone)
                    {
                        int state = CheckPreface(buffer);
                        if (state < 0)
                        {
                            return;
                        }

                        if (state > 0)
                        {
                            prefaceDone = true;
                            buffer = buffer.Slice(BenchWire.PrefaceSize);
                            output.Write(BenchWire.Preface);
                            wrote = true;
                        }
                    }

                    while (prefaceDone && TryAnswerFrame(ref buffer, output))
                    {
                        wrote = true;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (wrote)
                    {
                        FlushResult flush = await output.FlushAsync().ConfigureAwait(false);
                        if (flush.IsCompleted)
                        {
                            return;
                        }
                    }

                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
            catch (InvalidDataException)
            {
                // The client broke the protocol: drop the connection.
            }
        }

        private static int CheckPreface(ReadOnlySequence<byte> buffer)
        {
            Span<byte> preface = stackalloc byte[BenchWire.PrefaceSize];
            int available = (int)Math.Min(buffer.Length, BenchWire.PrefaceSize);
            buffer.Slice(0, available).CopyTo(preface);
            return BenchWire.CheckPreface(preface[..available]);
        }

        /// <summary>Answers the frame at the front of <paramref name="buffer"/>; false when it has not all arrived.</summary>
        private static bool TryAnswerFrame(ref ReadOnlySequence<byte> buffer, PipeWriter output)
        {
            if (buffer.Length < BenchWire.HeaderSize)
            {
                return false;
            }

            Span<byte> header = stackalloc byte[BenchWire.HeaderSize];
            buffer.Slice(0, BenchWire.HeaderSize).CopyTo(header);
            BenchWire.ReadRequestHeader(header, out uint callId, out uint methodId, out int payloadLength);
            if (buffer.Length < BenchWire.HeaderSize + payloadLength)
            {
                return false;
            }

            ReadOnlySequence<byte> payload = buffer.Slice(BenchWire.HeaderSize, payloadLength);
            if (methodId == BenchWire.AddMethodId && payloadLength == 8)
            {
                Span<byte> args = stackalloc byte[8];
                payload.CopyTo(args);
                Span<byte> response = output.GetSpan(BenchWire.HeaderSize + 4);
                BenchWire.WriteResponseHeader(response, callId, methodId, 4);
                BinaryPrimitives.WriteInt32BigEndian(response[BenchWire.HeaderSize..], unchecked(BinaryPrimitives.ReadInt32BigEndian(args) + BinaryPrimitives.ReadInt32BigEndian(args[4..])));
                output.Advance(BenchWire.HeaderSize + 4);
            }
            else if (methodId == BenchWire.EchoMethodId)
            {
                Span<byte> prefix = stackalloc byte[4];
                payload.Slice(0, Math.Min(4, payloadLength)).CopyTo(prefix);
                BenchWire.ValidateEchoPayload(prefix, payloadLength);
                BenchWire.WriteResponseHeader(output.GetSpan(BenchWire.HeaderSize), callId, methodId, payloadLength);
                output.Advance(BenchWire.HeaderSize);
                foreach (ReadOnlyMemory<byte> segment in payload)
                {
                    output.Write(segment.Span);
                }
            }
            else
            {
                throw new InvalidDataException($"Unknown method id {methodId}.");
            }

            buffer = buffer.Slice(BenchWire.HeaderSize + payloadLength);
            return true;
        }
    }
}
