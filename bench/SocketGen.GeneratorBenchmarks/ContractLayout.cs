namespace SocketGen.GeneratorBenchmarks;

/// <summary>How the benchmark's contract methods are spread over contracts.</summary>
public enum ContractLayout
{
    /// <summary>Ten methods per contract, one contract per file: a service split the way people usually split one.</summary>
    TenPerContract,

    /// <summary>One contract that declares every method: the worst case for a single spec.</summary>
    OneContract,
}
