namespace SocketGen.Balancing;

/// <summary>How a balanced client chooses the server for a call among those that are connected and ready.</summary>
public enum BalancingPolicy
{
    /// <summary>Every call goes to the first ready server in the resolver's order; the next one takes over when it fails.</summary>
    PickFirst,

    /// <summary>Calls go to the ready servers in turn.</summary>
    RoundRobin,

    /// <summary>Each call goes to the ready server with the fewest calls of this client in flight (ties in turn).</summary>
    LeastOutstandingCalls,
}
