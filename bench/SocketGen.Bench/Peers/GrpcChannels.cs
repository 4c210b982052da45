using Grpc.Net.Client;
using SocketGen.Bench.Servers;

namespace SocketGen.Bench.Peers;

/// <summary>
/// The gRPC channel both gRPC clients (Grpc.Net.Client, and protobuf-net.Grpc on top of it) call through,
/// configured as the gRPC for .NET performance guidance recommends: one long-lived channel shared by every
/// call on it, its own <see cref="SocketsHttpHandler"/> that may open more HTTP/2 connections when one
/// reaches the server's stream limit, keeps idle connections, and pings to keep them alive.
/// </summary>
internal static class GrpcChannels
{
    /// <summary>A channel to the gRPC server on loopback port <paramref name="port"/>, over HTTP/2 cleartext.</summary>
    public static GrpcChannel Create(int port) => GrpcChannel.ForAddress(
        $"http://127.0.0.1:{port}",
        new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                InitialHttp2StreamWindowSize = GrpcHost.StreamWindowSize,
            },
            MaxReceiveMessageSize = BenchWire.MaxPayloadLength + 1024,
            MaxSendMessageSize = BenchWire.MaxPayloadLength + 1024,
        });
}
