using System.Threading.Tasks.Sources;

namespace SocketGen.Protocols;

/// <content>The request a client waits on.</content>
internal sealed partial class ReplyMatcher<TProtocol, TClientMessage, TServerMessage>
{
    /// <summary>
    /// A request waiting for its reply or replies, awaited as a <see cref="ValueTask{TResult}"/> backed by this object.
    /// Once its reply is read it goes back to its matcher's pool; one that failed or was cancelled does not (a late
    /// reply may still reach it), so a reused request never sees an earlier request's reply.
    /// </summary>
    internal sealed class PendingRequest : IValueTaskSource<TServerMessage>, IValueTaskSource<IReadOnlyList<TServerMessage>>
    {
        private readonly ReplyMatcher<TProtocol, TClientMessage, TServerMessage> _matcher;
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private Func<TServerMessage, bool>? _isLast;
        private TServerMessage? _reply;
        private List<TServerMessage>? _replies;
        private CancellationToken _cancellationToken;
        private CancellationTokenRegistration _cancellation;
        private int _finished;

        public PendingRequest(ReplyMatcher<TProtocol, TClientMessage, TServerMessage> matcher)
        {
            _matcher = matcher;
        }

        /// <summary>The correlation id it was registered under, if the protocol has one.</summary>
        public ulong? Id { get; set; }

        /// <summary>Readies it for a request; <paramref name="isLast"/> null means one reply answers.</summary>
        public void Start(Func<TServerMessage, bool>? isLast)
        {
            _isLast = isLast;
            _finished = 0;
            Id = null;
        }

        /// <summary>The one reply, once it comes.</summary>
        /// <param name="cancellationToken">Stops waiting; the request keeps its place, and its reply is dropped.</param>
        public ValueTask<TServerMessage> WaitForReplyAsync(CancellationToken cancellationToken)
        {
            Watch(cancellationToken);
            return new ValueTask<TServerMessage>(this, _core.Version);
        }

        /// <summary>Every reply, up to the last.</summary>
        /// <param name="cancellationToken">Stops waiting.</param>
        public ValueTask<IReadOnlyList<TServerMessage>> WaitForRepliesAsync(CancellationToken cancellationToken)
        {
            Watch(cancellationToken);
            return new ValueTask<IReadOnlyList<TServerMessage>>(this, _core.Version);
        }

        /// <summary>Adds a reply (under the matcher's lock); true when it was the last.</summary>
        public bool Add(TServerMessage reply)
        {
            if (_isLast is null)
            {
                _reply = reply;
                return true;
            }

            (_replies ??= new List<TServerMessage>(2)).Add(reply);
            return _isLast(reply);
        }

        /// <summary>Wakes the waiter with the replies added.</summary>
        public void Answer()
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _core.SetResult(true);
            }
        }

        /// <summary>Wakes the waiter with <paramref name="reason"/>, unless it was already woken.</summary>
        public void Fail(Exception reason)
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _core.SetException(reason);
            }
        }

        TServerMessage IValueTaskSource<TServerMessage>.GetResult(short token)
        {
            Finish(token);
            var reply = _reply!;
            Recycle();
            return reply;
        }

        IReadOnlyList<TServerMessage> IValueTaskSource<IReadOnlyList<TServerMessage>>.GetResult(short token)
        {
            Finish(token);
            IReadOnlyList<TServerMessage> replies = _replies ?? [];
            Recycle();
            return replies;
        }

        ValueTaskSourceStatus IValueTaskSource<TServerMessage>.GetStatus(short token) => _core.GetStatus(token);

        ValueTaskSourceStatus IValueTaskSource<IReadOnlyList<TServerMessage>>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<TServerMessage>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        void IValueTaskSource<IReadOnlyList<TServerMessage>>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _cancellationToken = cancellationToken;
                _cancellation = cancellationToken.UnsafeRegister(static state => ((PendingRequest)state!).Cancel(), this);
            }
        }

        private void Cancel()
        {
            _matcher.Forget(this);
            Fail(new OperationCanceledException(_cancellationToken));
        }

        /// <summary>Ends the wait: throws what failed it; a cancellation callback still running is waited for.</summary>
        private void Finish(short token)
        {
            _cancellation.Dispose();
            _cancellation = default;
            _cancellationToken = default;
            _core.GetResult(token);
        }

        /// <summary>Only an answered request reaches here (a failed one threw in <see cref="Finish"/>): it left the matcher's queues before it was answered.</summary>
        private void Recycle()
        {
            _reply = default;
            _replies = null;
            _isLast = null;
            _core.Reset();
            _matcher.ReturnToPool(this);
        }
    }
}
