using System.Buffers.Binary;
using System.Text;
using global::Memcached.Binary;
using SocketGen.Protocols.Tests.Interop;

namespace SocketGen.Protocols.Tests.Memcached;

/// <summary>The client generated from the binary protocol's declaration, against a real memcached.</summary>
public sealed class MemcachedBinaryClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static uint s_opaque;

    private static BinaryRequest Request(Opcode opcode, string key = "", byte[]? value = null, IRequestExtras? extras = null, ulong cas = 0) =>
        new() { Opcode = opcode, Key = Encoding.ASCII.GetBytes(key), Value = value ?? [], Extras = extras, Cas = cas, Opaque = Interlocked.Increment(ref s_opaque) };

    [RequiresProgramFact("memcached", "start a real memcached")]
    public async Task Set_get_cas_delete_and_increment_against_memcached()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var client = await MemcachedBinary.ConnectAsync(memcached.EndPoint);
        using var timeout = new CancellationTokenSource(Bound);
        var ct = timeout.Token;

        var set = await client.RequestAsync(Request(Opcode.Set, "b1", "hello"u8.ToArray(), new StorageExtras { Flags = 0xdeadbeef }), ct);
        Assert.Equal(ResponseStatus.Success, set.Status);
        Assert.NotEqual(0ul, set.Cas);

        var get = await client.RequestAsync(Request(Opcode.Get, "b1"), ct);
        Assert.Equal(ResponseStatus.Success, get.Status);
        Assert.Equal(0xdeadbeefu, Assert.IsType<GetExtras>(get.Extras).Flags);
        Assert.Equal("hello", Encoding.ASCII.GetString(get.Value));
        Assert.Equal(set.Cas, get.Cas);

        // CAS: a set carrying a stale CAS is refused.
        var stale = await client.RequestAsync(Request(Opcode.Set, "b1", "x"u8.ToArray(), new StorageExtras(), cas: get.Cas + 1), ct);
        Assert.Equal(ResponseStatus.KeyExists, stale.Status);
        var fresh = await client.RequestAsync(Request(Opcode.Set, "b1", "y"u8.ToArray(), new StorageExtras(), cas: get.Cas), ct);
        Assert.Equal(ResponseStatus.Success, fresh.Status);

        var miss = await client.RequestAsync(Request(Opcode.Get, "absent"), ct);
        Assert.Equal(ResponseStatus.KeyNotFound, miss.Status);
        Assert.Null(miss.Extras);

        var created = await client.RequestAsync(Request(Opcode.Increment, "n", extras: new CounterExtras { Delta = 5, Initial = 100 }), ct);
        Assert.Equal(100ul, BinaryPrimitives.ReadUInt64BigEndian(created.Value));
        var incremented = await client.RequestAsync(Request(Opcode.Increment, "n", extras: new CounterExtras { Delta = 5, Initial = 100 }), ct);
        Assert.Equal(105ul, BinaryPrimitives.ReadUInt64BigEndian(incremented.Value));

        Assert.Equal(ResponseStatus.Success, (await client.RequestAsync(Request(Opcode.Delete, "b1"), ct)).Status);
        Assert.Equal(ResponseStatus.KeyNotFound, (await client.RequestAsync(Request(Opcode.Delete, "b1"), ct)).Status);
    }

    [RequiresProgramFact("memcached", "start a real memcached")]
    public async Task Quiet_commands_answer_only_what_matters_and_replies_match_by_opaque()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var client = await MemcachedBinary.ConnectAsync(memcached.EndPoint);
        using var timeout = new CancellationTokenSource(Bound);
        var ct = timeout.Token;

        // setq: no reply on success; the noop's reply proves they were all processed.
        for (int i = 0; i < 5; i++)
        {
            await client.SendAsync(Request(Opcode.SetQ, "q" + i, Encoding.ASCII.GetBytes("v" + i), new StorageExtras()), ct);
        }

        Assert.Equal(Opcode.Noop, (await client.RequestAsync(Request(Opcode.Noop), ct)).Opcode);

        // getkq: hits answer, misses stay silent; they arrive before the noop's reply, unsolicited (nobody awaits them).
        var keys = new[] { "q0", "nope1", "q3", "nope2" };
        foreach (var key in keys)
        {
            await client.SendAsync(Request(Opcode.GetKQ, key), ct);
        }

        var noop = await client.RequestAsync(Request(Opcode.Noop), ct);
        Assert.Equal(Opcode.Noop, noop.Opcode);
        var hits = new List<string>();
        await foreach (var reply in client.ReceiveUnsolicitedAsync(ct))
        {
            hits.Add(Encoding.ASCII.GetString(reply.Key) + "=" + Encoding.ASCII.GetString(reply.Value));
            if (hits.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["q0=v0", "q3=v3"], hits);

        // Requests in flight together complete by opaque, whatever order they were sent in.
        var many = Enumerable.Range(0, 100).Select(i => client.RequestAsync(Request(Opcode.Get, "q" + (i % 5)), ct).AsTask()).ToArray();
        var answers = await Task.WhenAll(many);
        for (int i = 0; i < answers.Length; i++)
        {
            Assert.Equal("v" + (i % 5), Encoding.ASCII.GetString(answers[i].Value));
        }
    }
}
