using System.ComponentModel;

namespace SocketGen.Rpc;

/// <summary>
/// A contract's methods as the runtime sees them: the generator writes one per contract (<c>XCodecs.Contract</c>),
/// so balancing, retries, interceptors and servers of several contracts know each method's name, kind and
/// idempotency without reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RpcContractDescription
{
    private readonly Dictionary<uint, RpcMethodDescription> _byId;

    /// <summary>Describes a contract.</summary>
    /// <param name="name">The contract's name (the interface's name).</param>
    /// <param name="methods">Its methods.</param>
    /// <exception cref="ArgumentException">Two methods share an id.</exception>
    public RpcContractDescription(string name, params RpcMethodDescription[] methods)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(methods);
        Name = name;
        Methods = methods;
        _byId = new Dictionary<uint, RpcMethodDescription>(methods.Length);
        foreach (RpcMethodDescription method in methods)
        {
            if (!_byId.TryAdd(method.Id, method))
            {
                throw new ArgumentException($"Contract {name}: methods {_byId[method.Id].Name} and {method.Name} share the id {method.Id}.", nameof(methods));
            }
        }
    }

    /// <summary>The contract's name.</summary>
    public string Name { get; }

    /// <summary>The contract's methods.</summary>
    public IReadOnlyList<RpcMethodDescription> Methods { get; }

    /// <summary>The method with this id, or null.</summary>
    /// <param name="methodId">The wire id.</param>
    /// <returns>The method, or null when the contract has none with this id.</returns>
    public RpcMethodDescription? Find(uint methodId) => _byId.GetValueOrDefault(methodId);
}

/// <summary>One method of a contract: its name, wire id, kind and whether it may run twice.</summary>
/// <param name="name">The method's name.</param>
/// <param name="id">Its wire id.</param>
/// <param name="kind">How its call travels.</param>
/// <param name="isIdempotent">Whether it is marked <see cref="IdempotentAttribute"/>.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RpcMethodDescription(string name, uint id, RpcMethodKind kind, bool isIdempotent)
{
    /// <summary>The method's name.</summary>
    public string Name { get; } = name;

    /// <summary>The method's wire id.</summary>
    public uint Id { get; } = id;

    /// <summary>How the method's call travels.</summary>
    public RpcMethodKind Kind { get; } = kind;

    /// <summary>Whether the method is marked <see cref="IdempotentAttribute"/>: a retry after a lost connection is safe.</summary>
    public bool IsIdempotent { get; } = isIdempotent;
}
