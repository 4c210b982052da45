using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocketGen.Health;

namespace SocketGen.Hosting;

/// <summary>Adds the hosted SocketGen servers' health to <c>services.AddHealthChecks()</c>.</summary>
public static class SocketGenHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that is healthy while the hosted servers serve, and unhealthy once they drain (the host is
    /// stopping) or are set to not serving through <see cref="ServerHealth"/>. Tag it for the readiness probe;
    /// a liveness probe should not include it (a draining server is alive).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name (default <c>socketgen</c>).</param>
    /// <param name="tags">Tags for filtering, for example <c>["ready"]</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddSocketGenServers(this IHealthChecksBuilder builder, string name = "socketgen", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ServerHealth>();
        return builder.Add(new HealthCheckRegistration(name, provider => new SocketServerHealthCheck(provider.GetRequiredService<ServerHealth>()), HealthStatus.Unhealthy, tags));
    }
}
