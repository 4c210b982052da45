using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// Serves several contracts on one listener: routes each call by its method id to the contract that declares
/// it. Ids are derived from method signatures, so two contracts may declare the same id; that is detected
/// when the server starts, naming both methods, instead of a call reaching the wrong method.
/// </summary>
internal sealed class ContractSetDispatcher : RpcDispatcher
{
    private readonly Dictionary<uint, RpcDispatcher> _byMethod = new();

    public ContractSetDispatcher(IEnumerable<RpcDispatcher> dispatchers)
    {
        var names = new List<string>();
        var methods = new List<RpcMethodDescription>();
        var owners = new Dictionary<uint, (RpcDispatcher Dispatcher, string Method)>();
        foreach (RpcDispatcher dispatcher in dispatchers)
        {
            ArgumentNullException.ThrowIfNull(dispatcher, nameof(dispatchers));
            RpcContractDescription contract = dispatcher.Contract
                ?? throw new ArgumentException($"The dispatcher of {dispatcher.ContractName} does not describe its methods (RpcDispatcher.Contract), so it cannot share a listener.", nameof(dispatchers));
            foreach (RpcMethodDescription method in contract.Methods)
            {
                if (owners.TryGetValue(method.Id, out var owner))
                {
                    throw new InvalidOperationException(
                        $"{owner.Dispatcher.ContractName}.{owner.Method} and {dispatcher.ContractName}.{method.Name} have the same method id {method.Id}, so one listener cannot serve both; give one of them another id with [Method(id)].");
                }

                owners.Add(method.Id, (dispatcher, method.Name));
                methods.Add(method);
                _byMethod.Add(method.Id, dispatcher);
            }

            names.Add(dispatcher.ContractName);
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("At least one contract is needed.", nameof(dispatchers));
        }

        ContractName = string.Join("+", names);
        Contract = new RpcContractDescription(ContractName, [.. methods]);
    }

    public override string ContractName { get; }

    /// <summary>Every method of every contract, so a set can itself be served beside another contract.</summary>
    public override RpcContractDescription Contract { get; }

    public override RpcMethodKind GetMethodKind(uint methodId) =>
        _byMethod.TryGetValue(methodId, out RpcDispatcher? dispatcher) ? dispatcher.GetMethodKind(methodId) : RpcMethodKind.Unknown;

    public override string? GetMethodName(uint methodId) =>
        _byMethod.TryGetValue(methodId, out RpcDispatcher? dispatcher) ? dispatcher.GetMethodName(methodId) : null;

    public override ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call) =>
        _byMethod[methodId].DispatchAsync(methodId, ref args, call);
}
