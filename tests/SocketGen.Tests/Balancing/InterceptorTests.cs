using System.Collections.Concurrent;
using System.Net;
using SocketGen.Balancing;
using SocketGen.Interceptors;
using SocketGen.Rpc;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Balancing;

public sealed class InterceptorTests
{
    [Fact]
    public async Task Client_and_server_interceptors_see_the_method_and_the_outcome_in_order()
    {
        var serverSeen = new ConcurrentQueue<string>();
        var serverOptions = new SocketServerOptions();
        serverOptions.Interceptors.Add(new RecordingServerInterceptor(serverSeen));
        await using RpcTestHost host = await RpcTestHost.StartAsync(serverOptions);

        var clientSeen = new ConcurrentQueue<string>();
        var balancing = new BalancingOptions(new StaticServerResolver([host.EndPoint]));
        balancing.Interceptors.Add(new RecordingClientInterceptor("outer", clientSeen));
        balancing.Interceptors.Add(new RecordingClientInterceptor("inner", clientSeen));
        await using var client = new CalculatorClient(RpcConnection.Balance(balancing, null, CalculatorMethods.Contract));

        Assert.Equal(5, await client.AddAsync(2, 3));
        await Assert.ThrowsAsync<RemoteException>(() => client.FailAsync("no"));

        Assert.Equal(
            ["outer before AddAsync", "inner before AddAsync", "inner after AddAsync: 5", "outer after AddAsync: 5",
             "outer before FailAsync", "inner before FailAsync", "inner after FailAsync: RemoteException", "outer after FailAsync: RemoteException"],
            clientSeen.ToArray());
        await Production.TlsTests.WaitUntilAsync(() => serverSeen.Count == 4);
        Assert.Equal(["start AddAsync", "end AddAsync: ok", "start FailAsync", "end FailAsync: InvalidOperationException"], serverSeen.ToArray());
    }

    private sealed class RecordingClientInterceptor(string name, ConcurrentQueue<string> seen) : ClientCallInterceptor
    {
        public override async ValueTask<TResult> InterceptAsync<TResult>(ClientCallContext context, Func<ClientCallContext, ValueTask<TResult>> continuation)
        {
            seen.Enqueue($"{name} before {context.Method?.Name}");
            try
            {
                TResult result = await continuation(context);
                seen.Enqueue($"{name} after {context.Method?.Name}: {result}");
                return result;
            }
            catch (Exception ex)
            {
                seen.Enqueue($"{name} after {context.Method?.Name}: {ex.GetType().Name}");
                throw;
            }
        }
    }

    private sealed class RecordingServerInterceptor(ConcurrentQueue<string> seen) : ServerCallInterceptor
    {
        public override void OnCallStarting(ServerCallContext context) => seen.Enqueue($"start {context.Method}");

        public override void OnCallCompleted(ServerCallContext context, Exception? failure) => seen.Enqueue($"end {context.Method}: {failure?.GetType().Name ?? "ok"}");
    }
}
