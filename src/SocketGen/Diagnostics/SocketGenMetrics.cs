using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketGen.Diagnostics;

/// <summary>
/// The metric instruments, named after the OpenTelemetry conventions (dot-separated namespaces, units in
/// UCUM, <c>rpc.*</c> and <c>network.*</c> attribute names). Every recording is guarded by
/// <see cref="Instrument.Enabled"/>, so a process nobody measures pays one field read per event.
/// </summary>
internal static class SocketGenMetrics
{
    public const string ServiceTag = "rpc.service";
    public const string MethodTag = "rpc.method";
    public const string MethodIdTag = "socketgen.method.id";
    public const string StatusTag = "socketgen.status";
    public const string ReasonTag = "socketgen.rejection.reason";
    public const string DirectionTag = "network.io.direction";
    public const string StatusOk = "ok";

    private static readonly Meter s_meter = new(SocketGenDiagnostics.MeterName, typeof(SocketGenMetrics).Assembly.GetName().Version?.ToString());

    public static readonly UpDownCounter<long> ServerActiveConnections = s_meter.CreateUpDownCounter<long>(
        "socketgen.server.active_connections", "{connection}", "Connections the server has open.");

    public static readonly Histogram<double> ServerConnectionDuration = s_meter.CreateHistogram<double>(
        "socketgen.server.connection.duration", "s", "How long server connections stayed open.");

    public static readonly Counter<long> ServerRejectedConnections = s_meter.CreateCounter<long>(
        "socketgen.server.rejected_connections", "{connection}", "Connections closed before they completed the handshake and authentication, by reason.");

    public static readonly Counter<long> ServerCallsStarted = s_meter.CreateCounter<long>(
        "socketgen.server.call.started", "{call}", "Calls the server started, by method.");

    public static readonly Counter<long> ServerCallsCompleted = s_meter.CreateCounter<long>(
        "socketgen.server.call.completed", "{call}", "Calls the server completed successfully, by method.");

    public static readonly Counter<long> ServerCallsFailed = s_meter.CreateCounter<long>(
        "socketgen.server.call.failed", "{call}", "Calls the server answered with an error, by method and status.");

    public static readonly Histogram<double> ServerCallDuration = s_meter.CreateHistogram<double>(
        "socketgen.server.call.duration", "s", "How long the server took to answer calls, by method and status.");

    public static readonly Counter<long> ServerNetworkIo = s_meter.CreateCounter<long>(
        "socketgen.server.network.io", "By", "Bytes the server received and transmitted (after TLS), by direction.");

    public static readonly Counter<long> ClientCallsStarted = s_meter.CreateCounter<long>(
        "socketgen.client.call.started", "{call}", "Calls clients started, by method id.");

    public static readonly Counter<long> ClientNetworkIo = s_meter.CreateCounter<long>(
        "socketgen.client.network.io", "By", "Bytes clients received and transmitted (after TLS), by direction.");

    public static readonly Counter<long> ClientTlsHandshakeFailures = s_meter.CreateCounter<long>(
        "socketgen.client.tls_handshake.failed", "{handshake}", "TLS handshakes a client gave up on.");

    public static void RecordRejected(string reason)
    {
        if (ServerRejectedConnections.Enabled)
        {
            ServerRejectedConnections.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
        }
    }

    public static void RecordServerCallStarted(string service, string method)
    {
        if (ServerCallsStarted.Enabled)
        {
            ServerCallsStarted.Add(1, new KeyValuePair<string, object?>(ServiceTag, service), new KeyValuePair<string, object?>(MethodTag, method));
        }
    }

    /// <summary>Records the end of a server call; <paramref name="status"/> is <see cref="StatusOk"/> or an error code's name.</summary>
    public static void RecordServerCallEnded(string service, string method, string status, long startedAt)
    {
        bool ok = ReferenceEquals(status, StatusOk);
        if (!(ok ? ServerCallsCompleted.Enabled : ServerCallsFailed.Enabled) && !(ServerCallDuration.Enabled && startedAt != 0))
        {
            // Nobody listens: do not even build the tags (this runs once per call).
            return;
        }

        var tags = new TagList
        {
            { ServiceTag, service },
            { MethodTag, method },
            { StatusTag, status },
        };

        if (ok)
        {
            if (ServerCallsCompleted.Enabled)
            {
                ServerCallsCompleted.Add(1, tags);
            }
        }
        else if (ServerCallsFailed.Enabled)
        {
            ServerCallsFailed.Add(1, tags);
        }

        if (ServerCallDuration.Enabled && startedAt != 0)
        {
            ServerCallDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
        }
    }

    /// <summary>A timestamp for a duration, or 0 when nobody listens to durations (so no clock is read).</summary>
    public static long StartTimestamp(Histogram<double> histogram) => histogram.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void RecordIo(Counter<long> counter, string direction, int bytes)
    {
        if (bytes > 0 && counter.Enabled)
        {
            counter.Add(bytes, new KeyValuePair<string, object?>(DirectionTag, direction));
        }
    }
}
