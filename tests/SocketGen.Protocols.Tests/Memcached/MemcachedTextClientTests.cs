using System.Text;
using global::Memcached.Text;
using SocketGen.Protocols.Tests.Interop;

namespace SocketGen.Protocols.Tests.Memcached;

/// <summary>The client generated from the text protocol's declaration, against a real memcached.</summary>
public sealed class MemcachedTextClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [RequiresProgramFact("memcached", "start a real memcached")]
    public async Task Set_get_multi_get_delete_and_incr_against_memcached()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var client = await MemcachedText.ConnectAsync(memcached.EndPoint);
        using var timeout = new CancellationTokenSource(Bound);
        var ct = timeout.Token;

        // A data block may hold the delimiter: the length token frames it.
        byte[] tricky = Encoding.ASCII.GetBytes("line one\r\nline two\r\n");
        Assert.IsType<StoredReply>(await client.RequestAsync(new SetCommand { Key = "k1", Flags = 42, Data = tricky }, ct));
        Assert.IsType<StoredReply>(await client.RequestAsync(new SetCommand { Key = "k2", Data = "v2"u8.ToArray() }, ct));

        var single = await client.RequestAsync(new GetCommand { Keys = ["k1"] }, reply => reply is EndReply, ct);
        var value = Assert.IsType<ValueReply>(single[0]);
        Assert.Equal(("k1", 42u), (value.Key, value.Flags));
        Assert.Equal(tricky, value.Data);
        Assert.IsType<EndReply>(single[1]);

        var multi = await client.RequestAsync(new GetCommand { Keys = ["k1", "missing", "k2"] }, reply => reply is EndReply, ct);
        Assert.Equal(["k1", "k2"], multi.OfType<ValueReply>().Select(v => v.Key));
        Assert.Equal("v2", Encoding.ASCII.GetString(multi.OfType<ValueReply>().Last().Data));

        Assert.IsType<DeletedReply>(await client.RequestAsync(new DeleteCommand { Key = "k2" }, ct));
        Assert.IsType<NotFoundReply>(await client.RequestAsync(new DeleteCommand { Key = "k2" }, ct));

        Assert.IsType<StoredReply>(await client.RequestAsync(new SetCommand { Key = "counter", Data = "10"u8.ToArray() }, ct));
        Assert.Equal(15ul, Assert.IsType<NumberReply>(await client.RequestAsync(new IncrCommand { Key = "counter", Value = 5 }, ct)).Value);
        Assert.IsType<NotFoundReply>(await client.RequestAsync(new IncrCommand { Key = "nothing", Value = 1 }, ct));
    }

    [RequiresProgramFact("memcached", "start a real memcached")]
    public async Task Pipelined_requests_are_matched_to_replies_in_order()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var client = await MemcachedText.ConnectAsync(memcached.EndPoint);
        using var timeout = new CancellationTokenSource(Bound);

        var sets = Enumerable.Range(0, 200).Select(i => client.RequestAsync(new SetCommand { Key = "p" + i, Data = Encoding.ASCII.GetBytes("value" + i) }, timeout.Token).AsTask());
        Assert.All(await Task.WhenAll(sets), reply => Assert.IsType<StoredReply>(reply));

        var gets = Enumerable.Range(0, 200).Select(i => client.RequestAsync(new GetCommand { Keys = ["p" + i] }, reply => reply is EndReply, timeout.Token).AsTask()).ToArray();
        var answers = await Task.WhenAll(gets);
        for (int i = 0; i < answers.Length; i++)
        {
            Assert.Equal("value" + i, Encoding.ASCII.GetString(Assert.IsType<ValueReply>(answers[i][0]).Data));
        }
    }

    [RequiresProgramFact("memcached", "start a real memcached")]
    public async Task Cas_stores_only_when_unchanged()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var client = await MemcachedText.ConnectAsync(memcached.EndPoint);
        using var timeout = new CancellationTokenSource(Bound);

        await client.RequestAsync(new SetCommand { Key = "c", Data = "1"u8.ToArray() }, timeout.Token);
        var gets = await client.RequestAsync(new GetsCommand { Keys = ["c"] }, reply => reply is EndReply, timeout.Token);
        ulong cas = Assert.IsType<ValueReply>(gets[0]).CasUnique!.Value;

        Assert.IsType<StoredReply>(await client.RequestAsync(new CasCommand { Key = "c", CasUnique = cas, Data = "2"u8.ToArray() }, timeout.Token));
        Assert.IsType<ExistsReply>(await client.RequestAsync(new CasCommand { Key = "c", CasUnique = cas, Data = "3"u8.ToArray() }, timeout.Token));
    }
}
