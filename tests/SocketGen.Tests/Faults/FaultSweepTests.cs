using System.Diagnostics;
using SocketGen.Tests.Activation;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Faults;

/// <summary>
/// The fault sweep's process-level scenarios (issue 18), with the server in its own process: killed with calls in
/// flight, frozen, stopped gracefully. Every wait is bounded; time limits are wide (they separate "noticed at once"
/// from "noticed only by a 90-second default"), never a measure of speed.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public class FaultSweepTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_killed_server_fails_every_call_in_flight_at_once_and_runs_none_twice()
    {
        const int calls = 200;
        await using FaultServerProcess server = await FaultServerProcess.StartAsync();
        await using var connection = await SocketGen.Rpc.RpcConnection.ConnectAsync(server.EndPoint, new SocketClientOptions { Reconnect = true }, TestTimeout.Token(30));
        var client = new CalculatorClient(connection);
        Task<int>[] inFlight = Enumerable.Range(0, calls).Select(i => client.DelayAsync(120_000, i)).ToArray();
        await server.WaitForRunsAsync(calls, Bound);

        var sinceKill = Stopwatch.StartNew();
        server.Kill();
        await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(Bound);
        sinceKill.Stop();

        foreach (Task<int> call in inFlight)
        {
            Assert.True(call.IsFaulted, "a call in flight on a killed server did not fail");
            Assert.IsType<ConnectionLostException>(call.Exception!.InnerException);
        }

        // Far below the 90-second keep-alive timeout: the loss was seen from the socket, not from silence.
        Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(20), $"the calls failed {sinceKill.Elapsed} after the kill");
        Assert.Equal(Enumerable.Range(0, calls), server.Runs.Order());
    }

    [Fact]
    public async Task A_frozen_server_is_detected_by_keep_alive_and_every_call_in_flight_fails()
    {
        await using FaultServerProcess server = await FaultServerProcess.StartAsync();
        var options = new SocketClientOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(300), KeepAliveTimeout = TimeSpan.FromSeconds(2) };
        await using var connection = await SocketGen.Rpc.RpcConnection.ConnectAsync(server.EndPoint, options, TestTimeout.Token(30));
        var client = new CalculatorClient(connection);
        Task<int>[] inFlight = Enumerable.Range(0, 10).Select(i => client.DelayAsync(120_000, i)).ToArray();
        await server.WaitForRunsAsync(10, Bound);

        server.Freeze();
        try
        {
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(Bound);
        }
        finally
        {
            server.Thaw();
        }

        foreach (Task<int> call in inFlight)
        {
            ConnectionLostException lost = Assert.IsType<ConnectionLostException>(call.Exception!.InnerException);
            Assert.Contains("keep-alive", lost.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(Enumerable.Range(0, 10), server.Runs.Order());
    }

    [Fact]
    public async Task A_graceful_stop_lets_every_call_in_flight_finish()
    {
        const int calls = 100;
        await using FaultServerProcess server = await FaultServerProcess.StartAsync();
        await using var connection = await SocketGen.Rpc.RpcConnection.ConnectAsync(server.EndPoint, null, TestTimeout.Token(30));
        var client = new CalculatorClient(connection);
        Task<int>[] inFlight = Enumerable.Range(0, calls).Select(i => client.DelayAsync(1_000, i)).ToArray();
        await server.WaitForRunsAsync(calls, Bound);

        int exitCode = await server.StopGracefullyAsync(Bound);

        Assert.Equal(0, exitCode);
        Assert.Equal(Enumerable.Range(0, calls), await Task.WhenAll(inFlight).WaitAsync(Bound));
        Assert.Equal(Enumerable.Range(0, calls), server.Runs.Order());
    }
}
