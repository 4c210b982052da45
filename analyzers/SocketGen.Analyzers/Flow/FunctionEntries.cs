using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Flow;

/// <summary>
/// The values captured locals have where each nested function starts (see <see cref="FlowCaptures"/>),
/// gathered while the function around them is analysed: joined over every place the nested function is
/// created or called, and unknown as soon as one place does not know.
/// </summary>
internal sealed class FunctionEntries<TValue>
{
    private readonly FlowAnalysis<TValue> _analysis;
    private readonly Dictionary<IMethodSymbol, Dictionary<ILocalSymbol, (bool Known, TValue Value)>> _entries = new(SymbolEqualityComparer.Default);

    public FunctionEntries(FlowAnalysis<TValue> analysis) => _analysis = analysis;

    /// <summary>An empty set of entries: every captured local unknown.</summary>
    public static IReadOnlyDictionary<ILocalSymbol, TValue> None { get; } = new Dictionary<ILocalSymbol, TValue>(SymbolEqualityComparer.Default);

    /// <summary>Notes that <paramref name="function"/> may start with <paramref name="local"/> holding <paramref name="value"/>.</summary>
    public void Add(IMethodSymbol function, ILocalSymbol local, TValue value)
    {
        var locals = For(function);
        locals[local] = locals.TryGetValue(local, out var existing)
            ? existing.Known ? (true, _analysis.Join(existing.Value, value)) : existing
            : (true, value);
    }

    /// <summary>Notes that <paramref name="function"/> may start with <paramref name="local"/> unknown.</summary>
    public void AddUnknown(IMethodSymbol function, ILocalSymbol local) => For(function)[local] = (false, default!);

    /// <summary>The known values <paramref name="function"/> starts with.</summary>
    public IReadOnlyDictionary<ILocalSymbol, TValue> Of(IMethodSymbol function)
        => _entries.TryGetValue(function, out var locals)
            ? locals.Where(entry => entry.Value.Known).ToDictionary(entry => entry.Key, entry => entry.Value.Value, (IEqualityComparer<ILocalSymbol>)SymbolEqualityComparer.Default)
            : None;

    private Dictionary<ILocalSymbol, (bool Known, TValue Value)> For(IMethodSymbol function)
    {
        if (!_entries.TryGetValue(function, out var locals))
        {
            _entries[function] = locals = new Dictionary<ILocalSymbol, (bool Known, TValue Value)>(SymbolEqualityComparer.Default);
        }

        return locals;
    }
}
