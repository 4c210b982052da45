namespace Memcached.Server;

/// <summary>What a storage command does.</summary>
public enum StoreMode
{
    Set,
    Add,
    Replace,
    Append,
    Prepend,
    Cas,
}

/// <summary>How a storage command ended.</summary>
public enum StoreResult
{
    Stored,
    NotStored,
    Exists,
    NotFound,
}

/// <summary>How an increment or decrement ended.</summary>
public enum CounterResult
{
    Done,
    NotFound,
    NonNumeric,
}

/// <summary>One stored value.</summary>
public sealed record Item(byte[] Data, uint Flags, long ExpiresAtMs, ulong Cas);

/// <summary>
/// The in-memory store both protocols share, with memcached's semantics: expiration times up to 30 days are relative
/// seconds, larger ones Unix times, negative ones already past; every change gets a new CAS unique.
/// </summary>
public sealed class MemcachedStore
{
    private const long RelativeLimitSeconds = 60 * 60 * 24 * 30;
    private readonly object _lock = new();
    private readonly Dictionary<string, Item> _items = new(StringComparer.Ordinal);
    private ulong _lastCas;
    private long _flushAtMs = long.MaxValue;

    public Item? Get(string key)
    {
        lock (_lock)
        {
            return Live(key);
        }
    }

    public (StoreResult Result, ulong Cas) Store(StoreMode mode, string key, uint flags, long expiration, byte[] data, ulong cas = 0)
    {
        lock (_lock)
        {
            var existing = Live(key);
            switch (mode)
            {
                case StoreMode.Add when existing is not null:
                    return (StoreResult.NotStored, 0);
                case StoreMode.Replace or StoreMode.Append or StoreMode.Prepend when existing is null:
                    return (StoreResult.NotStored, 0);
                case StoreMode.Cas when existing is null:
                    return (StoreResult.NotFound, 0);
                case StoreMode.Cas when existing.Cas != cas:
                    return (StoreResult.Exists, 0);
                case StoreMode.Set when cas != 0 && (existing is null ? true : existing.Cas != cas):
                    return (existing is null ? StoreResult.NotFound : StoreResult.Exists, 0);
            }

            Item item = mode switch
            {
                StoreMode.Append => existing! with { Data = [.. existing!.Data, .. data], Cas = ++_lastCas },
                StoreMode.Prepend => existing! with { Data = [.. data, .. existing!.Data], Cas = ++_lastCas },
                _ => new Item(data, flags, ExpiresAt(expiration), ++_lastCas),
            };
            _items[key] = item;
            return (StoreResult.Stored, item.Cas);
        }
    }

    public bool Delete(string key, ulong cas = 0)
    {
        lock (_lock)
        {
            var existing = Live(key);
            if (existing is null || (cas != 0 && existing.Cas != cas))
            {
                return false;
            }

            return _items.Remove(key);
        }
    }

    /// <summary>Adds (or subtracts) <paramref name="delta"/>; a missing key is created with <paramref name="initial"/> when given.</summary>
    public (CounterResult Result, ulong Value, ulong Cas) Count(string key, ulong delta, bool increment, ulong? initial = null, long expiration = 0)
    {
        lock (_lock)
        {
            var existing = Live(key);
            if (existing is null)
            {
                if (initial is not ulong start)
                {
                    return (CounterResult.NotFound, 0, 0);
                }

                var created = new Item(System.Text.Encoding.ASCII.GetBytes(start.ToString(System.Globalization.CultureInfo.InvariantCulture)), 0, ExpiresAt(expiration), ++_lastCas);
                _items[key] = created;
                return (CounterResult.Done, start, created.Cas);
            }

            if (!ulong.TryParse(System.Text.Encoding.ASCII.GetString(existing.Data).TrimEnd(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong value))
            {
                return (CounterResult.NonNumeric, 0, 0);
            }

            value = increment ? unchecked(value + delta) : (delta > value ? 0 : value - delta);
            var item = existing with { Data = System.Text.Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cas = ++_lastCas };
            _items[key] = item;
            return (CounterResult.Done, value, item.Cas);
        }
    }

    public Item? Touch(string key, long expiration)
    {
        lock (_lock)
        {
            var existing = Live(key);
            if (existing is null)
            {
                return null;
            }

            var item = existing with { ExpiresAtMs = ExpiresAt(expiration) };
            _items[key] = item;
            return item;
        }
    }

    public void Flush(long delaySeconds)
    {
        lock (_lock)
        {
            if (delaySeconds <= 0)
            {
                _items.Clear();
                _flushAtMs = long.MaxValue;
            }
            else
            {
                _flushAtMs = ExpiresAt(delaySeconds);
            }
        }
    }

    private Item? Live(string key)
    {
        long now = Environment.TickCount64;
        if (now >= _flushAtMs)
        {
            _items.Clear();
            _flushAtMs = long.MaxValue;
        }

        if (_items.TryGetValue(key, out var item))
        {
            if (item.ExpiresAtMs == 0 || item.ExpiresAtMs > now)
            {
                return item;
            }

            _items.Remove(key);
        }

        return null;
    }

    /// <summary>memcached's expiration rule, as a TickCount64 deadline (0 for never).</summary>
    private static long ExpiresAt(long expiration)
    {
        long now = Environment.TickCount64;
        if (expiration == 0)
        {
            return 0;
        }

        if (expiration < 0)
        {
            return now; // already expired
        }

        if (expiration <= RelativeLimitSeconds)
        {
            return now + expiration * 1000;
        }

        long secondsFromNow = expiration - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return secondsFromNow <= 0 ? now : now + secondsFromNow * 1000;
    }
}
