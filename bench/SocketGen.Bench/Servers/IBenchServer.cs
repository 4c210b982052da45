namespace SocketGen.Bench.Servers;

/// <summary>A server the harness starts in its own process, listening on a loopback port.</summary>
internal interface IBenchServer : IAsyncDisposable
{
    /// <summary>The loopback port it listens on.</summary>
    int Port { get; }
}
