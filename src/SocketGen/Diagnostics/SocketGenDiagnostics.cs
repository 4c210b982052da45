namespace SocketGen.Diagnostics;

/// <summary>
/// The names to subscribe to: the <see cref="System.Diagnostics.Metrics.Meter"/> that carries SocketGen's
/// metrics and the <see cref="System.Diagnostics.ActivitySource"/> that carries its call spans
/// (docs/observability.md lists every instrument and tag).
/// </summary>
public static class SocketGenDiagnostics
{
    /// <summary>The name of the meter (for OpenTelemetry: <c>AddMeter("SocketGen")</c>).</summary>
    public const string MeterName = "SocketGen";

    /// <summary>The name of the activity source (for OpenTelemetry: <c>AddSource("SocketGen")</c>).</summary>
    public const string ActivitySourceName = "SocketGen";
}
