using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Flow;

/// <summary>
/// The abstract state at one program point: a value per tracked local that is known there, and which
/// flow captures (the compiler's temporaries) currently hold which tracked local.
/// </summary>
/// <typeparam name="TValue">The abstract value kept per tracked local.</typeparam>
internal sealed class FlowState<TValue>
{
    private readonly FlowAnalysis<TValue> _analysis;
    private readonly Func<ILocalSymbol, bool> _isTracked;
    private readonly Dictionary<ILocalSymbol, TValue> _values;
    private readonly Dictionary<CaptureId, ILocalSymbol> _aliases;

    internal FlowState(FlowAnalysis<TValue> analysis, Func<ILocalSymbol, bool> isTracked)
    {
        _analysis = analysis;
        _isTracked = isTracked;
        _values = new Dictionary<ILocalSymbol, TValue>(SymbolEqualityComparer.Default);
        _aliases = new Dictionary<CaptureId, ILocalSymbol>();
    }

    private FlowState(FlowState<TValue> other)
    {
        _analysis = other._analysis;
        _isTracked = other._isTracked;
        _values = new Dictionary<ILocalSymbol, TValue>(other._values, SymbolEqualityComparer.Default);
        _aliases = new Dictionary<CaptureId, ILocalSymbol>(other._aliases);
    }

    /// <summary>The tracked locals known at this point, with their values.</summary>
    public IEnumerable<KeyValuePair<ILocalSymbol, TValue>> KnownLocals => _values;

    /// <summary>Whether <paramref name="local"/> is tracked (by the client, and not captured or ref).</summary>
    public bool IsTracked(ILocalSymbol local) => _isTracked(local);

    /// <summary>The value of <paramref name="local"/> here; false when it is unknown.</summary>
    public bool TryGetValue(ILocalSymbol local, out TValue value) => _values.TryGetValue(local, out value!);

    /// <summary>Sets the value of tracked <paramref name="local"/>; ignored for a local that is not tracked.</summary>
    public void Set(ILocalSymbol local, TValue value)
    {
        if (_isTracked(local))
        {
            _values[local] = value;
        }
    }

    /// <summary>Makes <paramref name="local"/> unknown from here on.</summary>
    public void Forget(ILocalSymbol local) => _values.Remove(local);

    /// <summary>
    /// The tracked local <paramref name="operation"/> stands for, looking through conversions,
    /// parentheses and flow captures (as in <c>s?.Dispose()</c> or a using statement's resource).
    /// </summary>
    public bool TryResolveLocal(IOperation? operation, out ILocalSymbol local)
    {
        operation = FlowLocals.SkipConversions(operation);
        switch (operation)
        {
            case ILocalReferenceOperation reference when _isTracked(reference.Local):
                local = reference.Local;
                return true;
            case IFlowCaptureReferenceOperation capture when _aliases.TryGetValue(capture.Id, out var aliased):
                local = aliased;
                return true;
            default:
                local = null!;
                return false;
        }
    }

    /// <summary>Resolves <paramref name="operation"/> to a tracked local and its known value.</summary>
    public bool TryGetValue(IOperation? operation, out ILocalSymbol local, out TValue value)
    {
        if (TryResolveLocal(operation, out local) && _values.TryGetValue(local, out value!))
        {
            return true;
        }

        value = default!;
        return false;
    }

    internal void SetAlias(CaptureId id, ILocalSymbol local) => _aliases[id] = local;

    internal void RemoveAlias(CaptureId id) => _aliases.Remove(id);

    internal void RemoveAliasesOf(ILocalSymbol local)
    {
        if (_aliases.Count == 0)
        {
            return;
        }

        var stale = _aliases.Where(a => SymbolEqualityComparer.Default.Equals(a.Value, local)).Select(a => a.Key).ToList();
        foreach (var id in stale)
        {
            _aliases.Remove(id);
        }
    }

    internal FlowState<TValue> Clone() => new FlowState<TValue>(this);

    /// <summary>Joins <paramref name="other"/> into this state; true when this state changed.</summary>
    internal bool JoinWith(FlowState<TValue> other)
    {
        var changed = false;
        List<ILocalSymbol>? unknown = null;
        List<KeyValuePair<ILocalSymbol, TValue>>? updates = null;
        foreach (var entry in _values)
        {
            if (!other._values.TryGetValue(entry.Key, out var otherValue))
            {
                (unknown ??= new List<ILocalSymbol>()).Add(entry.Key);
                continue;
            }

            var joined = _analysis.Join(entry.Value, otherValue);
            if (!_analysis.ValueEquals(joined, entry.Value))
            {
                (updates ??= new List<KeyValuePair<ILocalSymbol, TValue>>()).Add(new KeyValuePair<ILocalSymbol, TValue>(entry.Key, joined));
            }
        }

        if (unknown is not null)
        {
            foreach (var local in unknown)
            {
                _values.Remove(local);
            }

            changed = true;
        }

        if (updates is not null)
        {
            foreach (var update in updates)
            {
                _values[update.Key] = update.Value;
            }

            changed = true;
        }

        List<CaptureId>? staleAliases = null;
        foreach (var alias in _aliases)
        {
            if (!other._aliases.TryGetValue(alias.Key, out var otherLocal) || !SymbolEqualityComparer.Default.Equals(alias.Value, otherLocal))
            {
                (staleAliases ??= new List<CaptureId>()).Add(alias.Key);
            }
        }

        if (staleAliases is not null)
        {
            foreach (var id in staleAliases)
            {
                _aliases.Remove(id);
            }

            changed = true;
        }

        return changed;
    }
}
