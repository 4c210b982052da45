namespace SocketGen.Health;

/// <summary>What a server says about one contract (or about itself as a whole) to health checks and balancers.</summary>
public enum ServingStatus : byte
{
    /// <summary>The server does not know the contract asked about.</summary>
    Unknown = 0,

    /// <summary>Ready: send calls.</summary>
    Serving = 1,

    /// <summary>Alive but not ready (starting, or a dependency is down): send no new calls.</summary>
    NotServing = 2,

    /// <summary>Shutting down (a rolling update): send no new calls; calls in flight finish.</summary>
    Draining = 3,
}
