using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SocketGen.Protocols;

/// <summary>
/// What the stream and the datagram client share: encoding a request under the send lock, registering it with the
/// reply matcher and handing its bytes to the transport; delivering what the receive loop reads to the waiting
/// request or to the unsolicited messages; and closing: the receive loop is stopped, waiting requests fail, and the
/// buffers are given back once it has ended. A request whose reply comes allocates nothing in steady state (its
/// waiter and the async methods on the way are pooled).
/// </summary>
internal sealed class ProtocolClientCore<TProtocol, TClientMessage, TServerMessage> : IAsyncDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _transmit;
    private readonly MessageWriter _writer = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReplyMatcher<TProtocol, TClientMessage, TServerMessage> _replies = new();
    private readonly Channel<TServerMessage> _unsolicited;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;
    private Exception? _closedBecause;

    /// <param name="unsolicitedCapacity">How many unsolicited messages wait for a reader before the receive loop waits.</param>
    /// <param name="transmit">Sends one or more encoded messages.</param>
    public ProtocolClientCore(int unsolicitedCapacity, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> transmit)
    {
        _transmit = transmit;
        _unsolicited = Channel.CreateBounded<TServerMessage>(new BoundedChannelOptions(Math.Max(1, unsolicitedCapacity)) { SingleWriter = true });
    }

    /// <summary>Cancelled when the client closes: the receive loop stops on it.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Why the client closed, once it has.</summary>
    public Exception? ClosedBecause => _closedBecause;

    /// <summary>Runs the receive loop, which calls <see cref="DeliverAsync"/> and, when it ends, <see cref="Complete"/>.</summary>
    public void StartReceiving(Func<Task> receiveLoop) => _receiveLoop = Task.Run(receiveLoop);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TServerMessage> RequestAsync(TClientMessage request, CancellationToken cancellationToken)
    {
        var pending = _replies.Rent(isLast: null);
        await SendAsync(request, pending, cancellationToken).ConfigureAwait(false);
        return await pending.WaitForReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IReadOnlyList<TServerMessage>> RequestAsync(TClientMessage request, Func<TServerMessage, bool> isLastReply, CancellationToken cancellationToken)
    {
        var pending = _replies.Rent(isLastReply);
        await SendAsync(request, pending, cancellationToken).ConfigureAwait(false);
        return await pending.WaitForRepliesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encodes and sends <paramref name="message"/>; with <paramref name="pending"/>, registers it to receive the replies first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(TClientMessage message, ReplyMatcher<TProtocol, TClientMessage, TServerMessage>.PendingRequest? pending, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closedBecause is { } closed)
            {
                throw new ConnectionLostException(closed.Message, closed);
            }

            _writer.Clear();
            TProtocol.WriteClientMessage(message, _writer);
            if (pending is not null)
            {
                _replies.Register(message, pending);
            }

            await _transmit(_writer.Written, cancellationToken).ConfigureAwait(false);
        }
        catch when (pending is not null)
        {
            _replies.Forget(pending);
            throw;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Hands a received message to the request it answers, or to the unsolicited messages.</summary>
    public ValueTask DeliverAsync(TServerMessage message) =>
        _replies.Deliver(message) ? default : _unsolicited.Writer.WriteAsync(message, _closing.Token);

    /// <summary>The messages that answer no waiting request, in the order they arrive.</summary>
    public async IAsyncEnumerable<TServerMessage> ReceiveUnsolicitedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _unsolicited.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_unsolicited.Reader.TryRead(out var message))
            {
                yield return message;
            }
        }
    }

    /// <summary>Called by the receive loop as it ends: later sends fail with <paramref name="reason"/> (unless closed already), waiting requests with it.</summary>
    public void Complete(Exception reason)
    {
        _closedBecause ??= reason;
        _replies.FailAll(_closedBecause);
        _unsolicited.Writer.TryComplete();
    }

    /// <summary>Marks the client closed for <paramref name="reason"/> and stops the receive loop; the caller closes the transport.</summary>
    public void Close(Exception reason)
    {
        _closedBecause ??= reason;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Waits for the receive loop to end (the caller has closed the transport) and gives the buffers back.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the loop records why it ended; disposing only waits for it
        }

        _writer.Dispose();
        _sendLock.Dispose();
        _closing.Dispose();
    }
}
