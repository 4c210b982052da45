using System.Net;
using System.Net.Sockets;
using SocketGen.Bench;

namespace SocketGen.ProtocolBench;

/// <summary>The two servers the benchmark compares, each in a process of its own on a loopback port.</summary>
internal static class Servers
{
    /// <summary>memcached itself: two worker threads (one per core here) and room for every key, so nothing is evicted.</summary>
    public static async Task<ChildProcess> StartMemcachedAsync(int port)
    {
        List<string> args = ["-l", "127.0.0.1", "-p", Port(port), "-U", "0", "-m", "1024", "-t", "2"];
        if (Environment.UserName == "root")
        {
            args.AddRange(["-u", "root"]);
        }

        var memcached = ChildProcess.Start(NativeTools.FindOnPath("memcached") ?? throw new InvalidOperationException("memcached is not installed."), args);
        await WaitForListenerAsync(memcached, port);
        return memcached;
    }

    /// <summary>samples/Memcached, built with this harness in Release, run as <c>serve-memcached PORT</c>.</summary>
    public static async Task<ChildProcess> StartSampleAsync(int port)
    {
        var sample = ChildProcess.StartSelf(["serve-memcached", Port(port)]);
        await WaitForListenerAsync(sample, port);
        return sample;
    }

    /// <summary>A port no one listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task WaitForListenerAsync(ChildProcess server, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"The server did not listen on port {port}: {server.StandardError}");
            }
        }
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
