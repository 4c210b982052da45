namespace SocketGen.Tests.Callbacks;

public class CallbackTests
{
    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    [InlineData(RoomTransport.Tls)]
    public async Task Every_member_receives_every_line_pushed_by_the_server_with_the_sender_the_server_knows(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        var members = new[] { new TestMember(), new TestMember(), new TestMember() };
        var clients = new List<RoomClient>();
        string[] nicks = ["ann", "bob", "cy"];
        for (int i = 0; i < members.Length; i++)
        {
            RoomClient client = await host.ConnectAsync(members[i]);
            await client.JoinAsync(nicks[i]);
            clients.Add(client);
        }

        await clients[1].SayAsync("hello");
        await clients[2].SayAsync("hi bob");

        using var timeout = new CancellationTokenSource(RoomHost.Timeout);
        foreach (TestMember member in members)
        {
            Assert.Equal(new ChatLine("bob", "hello"), await member.Heard.Reader.ReadAsync(timeout.Token));
            Assert.Equal(new ChatLine("cy", "hi bob"), await member.Heard.Reader.ReadAsync(timeout.Token));
        }
    }

    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    [InlineData(RoomTransport.Tls)]
    public async Task An_awaited_callback_returns_the_clients_answer_to_the_server(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        RoomClient client = await host.ConnectAsync(new TestMember());

        Assert.Equal("answer to ready?", await client.AskCallerAsync("ready?"));
    }

    [Fact]
    public async Task A_callback_runs_with_the_call_context_of_the_clients_connection()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        var member = new TestMember();
        RoomClient client = await host.ConnectAsync(member);
        await client.JoinAsync("ann");
        await client.SayAsync("x");

        using var timeout = new CancellationTokenSource(RoomHost.Timeout);
        await member.Heard.Reader.ReadAsync(timeout.Token);
        Assert.NotNull(member.CallbackConnectionId);
    }

    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Tls)]
    public async Task A_callback_that_throws_reaches_the_server_as_a_remote_exception(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        RoomClient client = await host.ConnectAsync(new TestMember((_, _) => throw new InvalidOperationException("no answers today")));

        string outcome = await client.AskCallerAsync("ready?");

        // The type travels; the message stays on the client unless it opts in to exception details, as a server's does.
        Assert.StartsWith(nameof(RemoteException), outcome, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("no answers today", outcome, StringComparison.Ordinal);

        // The connection serves on.
        Assert.Empty(await client.MetadataAsync());
    }

    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    public async Task A_callback_that_never_answers_fails_at_the_callback_deadline(RoomTransport transport)
    {
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RoomHost host = await RoomHost.StartAsync(transport, new SocketServerOptions { CallbackTimeout = TimeSpan.FromMilliseconds(200) });

        // The member ignores its token and never answers: only the server's deadline ends the wait.
        RoomClient client = await host.ConnectAsync(new TestMember((_, _) => never.Task));

        string outcome = await client.AskCallerAsync("ready?");

        Assert.StartsWith(nameof(DeadlineExceededException), outcome, StringComparison.Ordinal);
        never.TrySetResult("too late");
    }

    [Fact]
    public async Task A_callback_made_inside_a_call_is_bounded_by_that_calls_remaining_time()
    {
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp, new SocketServerOptions { CallbackTimeout = Timeout.InfiniteTimeSpan });
        RoomClient client = await host.ConnectAsync(new TestMember((_, _) => never.Task));

        // No callback timeout on the server: the client's own deadline on AskCallerAsync bounds the callback.
        string outcome = await client.WithCallOptions(new SocketCallOptions { Timeout = TimeSpan.FromSeconds(1) }).AskCallerAsync("ready?")
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : t.Exception!.InnerException!.GetType().Name, TaskScheduler.Default);

        // Either the server saw the callback's deadline pass first and answered, or the client's own deadline
        // ended the call: both mean the wait was bounded by the caller's time.
        Assert.Contains(nameof(DeadlineExceededException), outcome, StringComparison.Ordinal);
        never.TrySetResult("too late");
    }

    [Theory]
    [InlineData(RoomTransport.Tcp)]
    [InlineData(RoomTransport.Unix)]
    [InlineData(RoomTransport.Tls)]
    public async Task A_client_that_disconnects_leaves_the_room_and_calls_to_it_fail_fast(RoomTransport transport)
    {
        await using RoomHost host = await RoomHost.StartAsync(transport);
        var staying = new TestMember();
        RoomClient stays = await host.ConnectAsync(staying);
        RoomClient leaves = await host.ConnectAsync(new TestMember());
        await stays.JoinAsync("ann");
        long leaverId = await leaves.JoinAsync("bob");
        Assert.Equal(2, host.Service.MemberCount);

        await leaves.DisposeAsync();

        // The server learns it: the connection's Closed token fired and the room dropped the member.
        Assert.True(await host.Service.Left.WaitAsync(RoomHost.Timeout));
        Assert.Equal(1, host.Service.MemberCount);
        SocketConnectionContext gone = host.Service.Joined.Single(c => c.Id == leaverId);
        Assert.False(gone.IsConnected);
        Assert.True(gone.Closed.IsCancellationRequested);

        // A kept proxy fails at once with a clear exception, one-way and awaited alike.
        IRoomMember proxy = RoomServer.GetClient(gone);
        var oneWay = await Assert.ThrowsAsync<CallNotStartedException>(() => proxy.ReceiveAsync(new ChatLine("x", "y")).AsTask());
        Assert.Contains("disconnected", oneWay.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CallNotStartedException>(() => proxy.AskAsync("still there?"));

        // The others carry on.
        await stays.SayAsync("alone now");
        using var timeout = new CancellationTokenSource(RoomHost.Timeout);
        Assert.Equal(new ChatLine("ann", "alone now"), await staying.Heard.Reader.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task A_client_killed_mid_callback_fails_the_servers_callback_with_connection_lost()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp, new SocketServerOptions { CallbackTimeout = Timeout.InfiniteTimeSpan });
        var member = new TestMember((_, _) =>
        {
            asked.TrySetResult();
            return never.Task;
        });
        RoomClient victim = await host.ConnectAsync(member);
        long id = await victim.JoinAsync("victim");
        SocketConnectionContext connection = host.Service.Joined.Single(c => c.Id == id);

        Task<string> question = RoomServer.GetClient(connection).AskAsync("are you there?");
        await asked.Task.WaitAsync(RoomHost.Timeout);
        await victim.DisposeAsync();

        await Assert.ThrowsAsync<ConnectionLostException>(() => question.WaitAsync(RoomHost.Timeout));
        never.TrySetResult("too late");
    }

    [Fact]
    public async Task Calling_back_a_client_that_registered_no_callbacks_fails_with_not_supported()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        RoomClient client = await host.ConnectAsync(member: null);

        string outcome = await client.AskCallerAsync("ready?");

        Assert.StartsWith(nameof(NotSupportedException), outcome, StringComparison.Ordinal);
        Assert.Contains("registered no", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_clients_each_hear_every_line_of_many_senders()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        const int Members = 8;
        const int LinesEach = 25;
        var members = new List<TestMember>();
        var clients = new List<RoomClient>();
        for (int i = 0; i < Members; i++)
        {
            var member = new TestMember();
            RoomClient client = await host.ConnectAsync(member);
            await client.JoinAsync("m" + i);
            members.Add(member);
            clients.Add(client);
        }

        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            for (int line = 0; line < LinesEach; line++)
            {
                await c.SayAsync($"{i}:{line}");
            }
        }));

        using var timeout = new CancellationTokenSource(RoomHost.Timeout);
        foreach (TestMember member in members)
        {
            var heard = new List<ChatLine>();
            for (int i = 0; i < Members * LinesEach; i++)
            {
                heard.Add(await member.Heard.Reader.ReadAsync(timeout.Token));
            }

            // Each sender's lines arrive complete and in the order it said them.
            for (int sender = 0; sender < Members; sender++)
            {
                Assert.Equal(Enumerable.Range(0, LinesEach).Select(l => $"{sender}:{l}"), heard.Where(h => h.From == "m" + sender).Select(h => h.Text));
            }
        }
    }
}
