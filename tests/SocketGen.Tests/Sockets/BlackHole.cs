using System.Net;
using System.Net.Sockets;

namespace SocketGen.Tests.Sockets;

/// <summary>
/// A loopback address that never answers a connect: a listener with backlog 1 that nobody accepts on, its queue
/// filled by held connections. Linux then drops further SYNs, so connects hang until they time out.
/// </summary>
internal sealed class BlackHole : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = new();

    private BlackHole(Socket listener)
    {
        _listener = listener;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<BlackHole> CreateAsync(IPAddress address)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(1);
        var hole = new BlackHole(listener);
        // Fill the queue until a connect stops answering; bounded in count and time.
        for (int i = 0; i < 8; i++)
        {
            var filler = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // A loopback connect into a queue with room completes in microseconds; the generous wait keeps a
            // connect delayed only by a loaded machine from passing for a dropped SYN.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await filler.ConnectAsync(hole.EndPoint, wait.Token);
                hole._fillers.Add(filler);
            }
            catch (OperationCanceledException)
            {
                filler.Dispose();
                return hole;
            }
        }

        hole.Dispose();
        throw new InvalidOperationException("The loopback listener kept accepting connections into a full queue: no black hole on this OS.");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
