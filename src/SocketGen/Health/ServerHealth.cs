using System.Collections.Concurrent;
using SocketGen.Rpc;

namespace SocketGen.Health;

/// <summary>
/// A server's health, per contract and as a whole, served to clients as the standard health contract beside the
/// server's own (set <see cref="SocketServerOptions.Health"/>): balanced clients ask it and send no new calls to a
/// server that is not serving or is draining; <c>SocketGen.Hosting</c> reports it to
/// <c>Microsoft.Extensions.Diagnostics.HealthChecks</c> for readiness probes. A server stopping gracefully in a host is
/// marked <see cref="ServingStatus.Draining"/> first, so it reports not-ready before it refuses calls.
/// </summary>
public sealed class ServerHealth
{
    /// <summary>The name that stands for the whole server, as in gRPC's health protocol.</summary>
    public const string WholeServer = "";

    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private volatile bool _draining;

    /// <summary>Creates the health of a server that is serving.</summary>
    public ServerHealth() => _statuses[WholeServer] = ServingStatus.Serving;

    /// <summary>Whether the server as a whole is serving (not draining, not set to not serving).</summary>
    public bool IsServing => GetStatus(WholeServer) == ServingStatus.Serving;

    /// <summary>Sets a contract's status (<see cref="WholeServer"/> for the whole server).</summary>
    /// <param name="contract">The contract's name, as its generated client sends it (the interface's full name).</param>
    /// <param name="status">The status.</param>
    public void SetStatus(string contract, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _statuses[contract] = status;
    }

    /// <summary>
    /// A contract's status: <see cref="ServingStatus.Draining"/> for everything once draining; else the contract's own
    /// status when one was set, else the whole server's.
    /// </summary>
    /// <param name="contract">The contract's name, or <see cref="WholeServer"/>.</param>
    /// <returns>The status.</returns>
    public ServingStatus GetStatus(string contract)
    {
        if (_draining)
        {
            return ServingStatus.Draining;
        }

        if (_statuses.TryGetValue(contract ?? WholeServer, out ServingStatus status))
        {
            return status;
        }

        return _statuses.TryGetValue(WholeServer, out ServingStatus whole) ? whole : ServingStatus.Unknown;
    }

    /// <summary>Marks the whole server draining: every contract reports <see cref="ServingStatus.Draining"/> from now on.</summary>
    public void Drain() => _draining = true;

    /// <summary>The health contract's dispatcher, to serve beside the server's own contracts.</summary>
    /// <returns>The dispatcher.</returns>
    public RpcDispatcher CreateDispatcher() => new HealthDispatcher(this);
}
