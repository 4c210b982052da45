using SocketGen.Health;

namespace SocketGen;

public sealed partial class SocketServerOptions
{
    /// <summary>
    /// The server's health; when set, the server serves the standard health contract (<see cref="HealthContract"/>)
    /// beside its own on the same listener, so balanced clients and probes can ask it (default none).
    /// </summary>
    public ServerHealth? Health { get; set; }
}
