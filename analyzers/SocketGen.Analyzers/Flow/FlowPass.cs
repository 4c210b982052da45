namespace SocketGen.Analyzers.Flow;

/// <summary>Which pass of <see cref="FlowEngine"/> a transfer call belongs to.</summary>
internal enum FlowPass
{
    /// <summary>Iterating to the fixpoint: states are not final yet, so nothing may be reported.</summary>
    Fixpoint,

    /// <summary>One last walk over every reachable block with its converged state: report here.</summary>
    Report,
}
