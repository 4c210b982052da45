using System.Net;
using System.Net.Sockets;
using Memcached.Binary;
using Memcached.Text;
using SocketGen.Protocols;
using SocketGen.Sockets;

namespace Memcached.Server;

/// <summary>
/// Serves both memcached protocols on one port, as memcached does: a connection whose first byte is the binary magic
/// (0x80) speaks the binary protocol, any other the text protocol. Both are served from the same declarations the
/// clients use, over one in-memory store.
/// </summary>
public sealed class MemcachedServer : IAsyncDisposable
{
    private readonly SocketListener _listener;
    private readonly TextCommandHandler _text;
    private readonly BinaryCommandHandler _binary;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    private MemcachedServer(SocketListener listener, MemcachedStore store)
    {
        _listener = listener;
        _text = new TextCommandHandler(store);
        _binary = new BinaryCommandHandler(store);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint;

    public static MemcachedServer Start(EndPoint endPoint) => new(SocketListener.Start(endPoint), new MemcachedStore());

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            SocketConnection accepted;
            try
            {
                accepted = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(accepted);
        }
    }

    private async Task ServeAsync(SocketConnection accepted)
    {
        var first = new byte[1];
        int peeked;
        try
        {
            peeked = await accepted.Socket.ReceiveAsync(first, SocketFlags.Peek, _stopping.Token);
        }
        catch (Exception)
        {
            accepted.Dispose();
            return;
        }

        if (peeked == 1 && first[0] == 0x80)
        {
            await ProtocolServer<MemcachedBinary, BinaryRequest, BinaryResponse>.ServeConnectionAsync(
                accepted, ProtocolServer<MemcachedBinary, BinaryRequest, BinaryResponse>.PerMessage(_binary.HandleAsync), cancellationToken: _stopping.Token);
        }
        else
        {
            await ProtocolServer<MemcachedText, ITextCommand, ITextReply>.ServeConnectionAsync(
                accepted, ProtocolServer<MemcachedText, ITextCommand, ITextReply>.PerMessage(_text.HandleAsync, _text.HandleMalformedAsync), cancellationToken: _stopping.Token);
        }
    }
}
