using System.Globalization;
using System.Net;
using HelloInterop;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>Replies reach the request they answer, also when an earlier request was abandoned and its waiter reused.</summary>
public sealed class ReplyMatchingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_whose_wait_is_cancelled_keeps_its_place_and_later_requests_get_their_own_replies()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), async (greeting, connection) =>
        {
            if (greeting.Text == "slow")
            {
                await release.Task;
            }

            connection.Write(new Greeting { Text = "re:" + greeting.Text });
        });
        await using var client = await HelloProtocol.ConnectAsync(server.LocalEndPoint);
        using var timeout = new CancellationTokenSource(Bound);

        using var abandon = new CancellationTokenSource();
        var slow = client.RequestAsync(new Greeting { Text = "slow" }, abandon.Token).AsTask();
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);

        // The abandoned request's reply comes first and is dropped; the next request gets its own.
        var next = client.RequestAsync(new Greeting { Text = "next" }, timeout.Token).AsTask();
        release.SetResult();
        Assert.Equal("re:next", (await next).Text);

        // Answered requests' waiters are reused: every reply still reaches its own request, one by one and pipelined.
        for (int i = 0; i < 200; i++)
        {
            string text = i.ToString(CultureInfo.InvariantCulture);
            Assert.Equal("re:" + text, (await client.RequestAsync(new Greeting { Text = text }, timeout.Token)).Text);
        }

        var pipelined = Enumerable.Range(0, 100).Select(i => client.RequestAsync(new Greeting { Text = "p" + i }, timeout.Token).AsTask()).ToArray();
        for (int i = 0; i < pipelined.Length; i++)
        {
            Assert.Equal("re:p" + i, (await pipelined[i]).Text);
        }
    }
}
