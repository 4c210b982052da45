namespace SocketGen.Balancing;

/// <summary>
/// Bounds retries over a sliding window of 10 one-second buckets: retries in the window may not exceed
/// <c>ratio × successes + minimum per second × 10</c>. Successes cost an interlocked increment; only retries
/// take the lock.
/// </summary>
internal sealed class RetryBudget
{
    private const int Buckets = 10;
    private readonly double _ratio;
    private readonly int _reserve;
    private readonly long[] _seconds = new long[Buckets];
    private readonly long[] _successes = new long[Buckets];
    private readonly long[] _retries = new long[Buckets];
    private readonly object _lock = new();

    public RetryBudget(double ratio, int minPerSecond)
    {
        _ratio = ratio;
        _reserve = minPerSecond * Buckets;
    }

    /// <summary>Counts a call that succeeded.</summary>
    public void OnSuccess()
    {
        long second = Environment.TickCount64 / 1000;
        int index = (int)(second % Buckets);
        if (Volatile.Read(ref _seconds[index]) != second)
        {
            lock (_lock)
            {
                Rotate(second);
            }
        }

        Interlocked.Increment(ref _successes[index]);
    }

    /// <summary>Takes one retry from the budget; false when it is spent.</summary>
    public bool TryRetry()
    {
        long second = Environment.TickCount64 / 1000;
        lock (_lock)
        {
            Rotate(second);
            long successes = 0;
            long retries = 0;
            for (int i = 0; i < Buckets; i++)
            {
                if (Volatile.Read(ref _seconds[i]) <= second - Buckets)
                {
                    continue; // a second no call touched since it left the window
                }

                successes += Volatile.Read(ref _successes[i]);
                retries += _retries[i];
            }

            if (retries + 1 > (_ratio * successes) + _reserve)
            {
                return false;
            }

            _retries[second % Buckets]++;
            return true;
        }
    }

    private void Rotate(long second)
    {
        int index = (int)(second % Buckets);
        if (_seconds[index] != second)
        {
            // The bucket last held a second that has left the window: start it afresh.
            Interlocked.Exchange(ref _successes[index], 0);
            _retries[index] = 0;
            Volatile.Write(ref _seconds[index], second);
        }
    }
}
