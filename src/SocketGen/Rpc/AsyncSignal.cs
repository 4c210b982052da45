using System.Threading.Tasks.Sources;

namespace SocketGen.Rpc;

/// <summary>
/// An auto-reset signal with a single waiter that allocates nothing: a connection's read loop waits on
/// it for a free call slot, a frame writer's send loop for frames to send. A <see cref="Set"/> with nobody
/// waiting is remembered for the next wait.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private readonly EngineLock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _core;
    private bool _signaled;
    private bool _waiting;

    /// <param name="runContinuationsAsynchronously">
    /// False to run the waiter's continuation on the thread that calls <see cref="Set"/> (outside any lock).
    /// </param>
    public AsyncSignal(bool runContinuationsAsynchronously = true)
    {
        _core = new() { RunContinuationsAsynchronously = runContinuationsAsynchronously };
    }

    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_signaled)
            {
                _signaled = false;
                return default;
            }

            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    public void Set()
    {
        bool wake;
        lock (_lock)
        {
            wake = _waiting;
            _waiting = false;
            _signaled = !wake;
        }

        // The single waiter cannot wait again before it resumes, so completing outside the lock is safe.
        if (wake)
        {
            _core.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
