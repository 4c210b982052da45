using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocketGen.Health;

namespace SocketGen.Hosting;

/// <summary>
/// Reports the hosted servers' <see cref="ServerHealth"/> to <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>:
/// healthy while serving, unhealthy when set to not serving or draining. Register it for the readiness probe
/// (<c>AddSocketGenServers(tags: ["ready"])</c>): a server stopping in a rolling update fails readiness first, and
/// the platform stops sending it connections before it refuses calls.
/// </summary>
internal sealed class SocketServerHealthCheck(ServerHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ServingStatus status = health.GetStatus(ServerHealth.WholeServer);
        return Task.FromResult(status == ServingStatus.Serving
            ? HealthCheckResult.Healthy("serving")
            : new HealthCheckResult(context.Registration.FailureStatus, status == ServingStatus.Draining ? "draining: shutting down, calls in flight finish" : "not serving"));
    }
}
