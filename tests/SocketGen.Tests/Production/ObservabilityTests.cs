using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SocketGen.Diagnostics;
using SocketGen.Security;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

public class ObservabilityTests
{
    [Fact]
    public async Task Connection_accepted_and_closed_are_logged_with_event_ids_and_a_reason()
    {
        NamedCalculatorServer server = await NamedCalculatorServer.StartAsync();
        await using (server)
        {
            await using (CalculatorClient client = await server.ConnectAsync())
            {
                Assert.Equal(2, await client.AddAsync(1, 1));
                await Assert.ThrowsAsync<RemoteException>(() => client.FailAsync("boom"));
            }

            await TlsTests.WaitUntilAsync(() => server.Logger.Entries.Any(e => e.EventId.Name == "ConnectionClosed"));
        }

        LogEntry accepted = Assert.Single(server.Logger.Entries, e => e.EventId.Name == "ConnectionAccepted");
        Assert.Equal(100, accepted.EventId.Id);
        Assert.Contains("TLS: False", accepted.Message, StringComparison.Ordinal);
        Assert.Contains(server.Logger.Entries, e => e.EventId.Name == "CallFailed" && e.Exception?.Message == "boom");
        Assert.Contains(server.Logger.Entries, e => e.EventId.Name == "ConnectionClosed" && e.Message.Contains(": peer closed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_metrics_count_connections_calls_by_method_and_status_durations_and_bytes()
    {
        using var recorder = new MetricRecorder();
        NamedCalculatorServer server = await NamedCalculatorServer.StartAsync();
        string service = server.ContractName;
        await using (server)
        {
            await using CalculatorClient client = await server.ConnectAsync();
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1, await client.AddAsync(i, 1));
            }

            await Assert.ThrowsAsync<RemoteException>(() => client.FailAsync("boom"));
            Assert.True(recorder.Count("socketgen.server.active_connections") >= 1);
        }

        Assert.Equal(3, recorder.Sum("socketgen.server.call.started", ("rpc.service", service), ("rpc.method", "AddAsync")));
        Assert.Equal(3, recorder.Sum("socketgen.server.call.completed", ("rpc.service", service), ("rpc.method", "AddAsync"), ("socketgen.status", "ok")));
        Assert.Equal(1, recorder.Sum("socketgen.server.call.failed", ("rpc.service", service), ("rpc.method", "FailAsync"), ("socketgen.status", "ApplicationError")));
        Assert.Equal(4, recorder.Count("socketgen.server.call.duration", ("rpc.service", service)));
        Assert.True(recorder.Sum("socketgen.server.network.io", ("network.io.direction", "receive")) > 0);
        Assert.True(recorder.Sum("socketgen.server.network.io", ("network.io.direction", "transmit")) > 0);
        Assert.True(recorder.Count("socketgen.server.connection.duration") >= 1);
    }

    [Fact]
    public async Task A_rejected_connection_is_counted_by_reason()
    {
        using var recorder = new MetricRecorder();
        NamedCalculatorServer server = await NamedCalculatorServer.StartAsync(new SocketServerOptions
        {
            ConnectionAuthenticator = (_, _) => ValueTask.FromResult(ConnectionAuthenticationResult.Reject("no")),
        });
        await using (server)
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => server.ConnectAsync());
            await TlsTests.WaitUntilAsync(() => recorder.Sum("socketgen.server.rejected_connections", ("socketgen.rejection.reason", SecurityCloseReason.AuthenticationFailed)) >= 1);
        }
    }

    [Fact]
    public async Task Client_and_server_spans_share_a_trace_id_and_link_parent_to_child()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocketGenDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using NamedCalculatorServer server = await NamedCalculatorServer.StartAsync();
        await using CalculatorClient client = await server.ConnectAsync();

        using var root = new Activity("test-root");
        root.SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        Assert.Equal(5, await client.AddAsync(2, 3));
        root.Stop();
        Assert.Null(Activity.Current);

        Activity serverSpan = await WaitForAsync(stopped, a => a.Kind == ActivityKind.Server && a.GetTagItem("rpc.service") as string == server.ContractName);
        Activity clientSpan = await WaitForAsync(stopped, a => a.Kind == ActivityKind.Client && a.TraceId == root.TraceId);
        Assert.Equal(root.TraceId, serverSpan.TraceId);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.Equal(root.SpanId, clientSpan.ParentSpanId);
        Assert.Equal(server.ContractName + "/AddAsync", serverSpan.DisplayName);
        Assert.Equal("ok", serverSpan.GetTagItem("socketgen.status"));
    }

    [Fact]
    public async Task A_failed_call_marks_both_spans_as_errors()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocketGenDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using NamedCalculatorServer server = await NamedCalculatorServer.StartAsync();
        await using CalculatorClient client = await server.ConnectAsync();

        using var root = new Activity("test-root");
        root.SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        await Assert.ThrowsAsync<RemoteException>(() => client.FailAsync("boom"));
        root.Stop();

        Activity serverSpan = await WaitForAsync(stopped, a => a.Kind == ActivityKind.Server && a.GetTagItem("rpc.service") as string == server.ContractName);
        Activity clientSpan = await WaitForAsync(stopped, a => a.Kind == ActivityKind.Client && a.TraceId == root.TraceId);
        Assert.Equal(ActivityStatusCode.Error, serverSpan.Status);
        Assert.Equal("ApplicationError", serverSpan.GetTagItem("socketgen.status"));
        Assert.Equal(ActivityStatusCode.Error, clientSpan.Status);
    }

    [Fact]
    public async Task The_documented_trace_context_bytes_make_the_server_span_a_child_of_the_callers()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocketGenDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using NamedCalculatorServer server = await NamedCalculatorServer.StartAsync();
        using RawConnection raw = await RawConnection.ConnectAsync(server.Server.LocalEndPoint, TestTimeout.Token());

        // docs/wire-format.md, section 10.2, byte for byte.
        await raw.SendAsync(Convert.FromHexString(
            "5347525001010000" + "01020000000000010000000100000023" +
            "1A00" + "4BF92F3577B34DA6A3CE929D0E0E4736" + "00F067AA0BA902B7" + "01" + "0000000200000003"), TestTimeout.Token());
        await raw.ReceiveAsync(8, TestTimeout.Token());
        (SocketGen.Framing.FrameHeader Header, byte[] Payload)? response = await raw.ReceiveFrameAsync(TestTimeout.Token());
        Assert.Equal(5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(response!.Value.Payload));

        Activity serverSpan = await WaitForAsync(stopped, a => a.Kind == ActivityKind.Server && a.GetTagItem("rpc.service") as string == server.ContractName);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", serverSpan.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", serverSpan.ParentSpanId.ToHexString());
        Assert.True(serverSpan.HasRemoteParent);
    }

    private static async Task<Activity> WaitForAsync(ConcurrentQueue<Activity> activities, Func<Activity, bool> match)
    {
        Activity? found = null;
        await TlsTests.WaitUntilAsync(() => (found = activities.FirstOrDefault(match)) is not null);
        return found!;
    }

    /// <summary>Collects every measurement of the SocketGen meter while it lives.</summary>
    private sealed class MetricRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public MetricRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SocketGenDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value as string, t.Value))));
    }
}
