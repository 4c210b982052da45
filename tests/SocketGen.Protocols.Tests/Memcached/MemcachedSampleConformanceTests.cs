using System.Net;
using global::Memcached.Server;
using SocketGen.Protocols.Tests.Interop;

namespace SocketGen.Protocols.Tests.Memcached;

/// <summary>samples/Memcached, a server built from the same declarations, against memcached's own conformance tool and load generator.</summary>
public sealed class MemcachedSampleConformanceTests
{
    [RequiresProgramFact("memccapable", "run memcached's conformance tests")]
    public async Task Sample_server_passes_every_memccapable_ascii_test()
    {
        await using var server = MemcachedServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var (code, stdout, stderr) = await NativePeer.RunToEndAsync("memccapable", ["-h", "127.0.0.1", "-p", Port(server), "-a", "-v"]);
        Assert.True(code == 0 && stdout.Contains("All tests passed"), stdout + stderr);
        Assert.DoesNotContain("[FAIL]", stdout);
    }

    [RequiresProgramFact("memccapable", "run memcached's conformance tests")]
    public async Task Sample_server_passes_every_memccapable_binary_test()
    {
        await using var server = MemcachedServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var (code, stdout, stderr) = await NativePeer.RunToEndAsync("memccapable", ["-h", "127.0.0.1", "-p", Port(server), "-b", "-v"]);
        Assert.True(code == 0 && stdout.Contains("All tests passed"), stdout + stderr);
        Assert.DoesNotContain("[FAIL]", stdout);
    }

    [RequiresProgramFact("memcslap", "drive the server with memcached's load generator")]
    public async Task Memcslap_drives_the_sample_server_without_errors_in_both_protocols()
    {
        await using var server = MemcachedServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (var protocol in new[] { Array.Empty<string>(), ["--binary"] })
        {
            foreach (var test in new[] { "set", "get" })
            {
                var (code, stdout, stderr) = await NativePeer.RunToEndAsync("memcslap",
                    [$"--servers=127.0.0.1:{Port(server)}", "--concurrency=4", "--execute-number=1000", $"--test={test}", .. protocol]);
                Assert.True(code == 0, $"memcslap {test} {string.Join(' ', protocol)} exited with {code}:\n{stdout}{stderr}");
                Assert.Contains("Time total", stdout);
                Assert.DoesNotContain("error", (stdout + stderr).ToLowerInvariant());
            }
        }
    }

    private static string Port(MemcachedServer server) => ((IPEndPoint)server.LocalEndPoint).Port.ToString();
}
