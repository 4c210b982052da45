using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen.Protocols.Tests.Interop;

namespace SocketGen.Protocols.Tests.Memcached;

/// <summary>A real memcached on a loopback port, started for one test and killed after it.</summary>
public sealed class MemcachedProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MemcachedProcess(Process process, int port)
    {
        _process = process;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<MemcachedProcess> StartAsync()
    {
        int port = NativePeer.FreePort();
        var start = new ProcessStartInfo(NativePeer.FindProgram("memcached")!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-l", "127.0.0.1", "-p", port.ToString(), "-U", "0", "-m", "64", "-t", "2" })
        {
            start.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("root");
        }

        var memcached = new MemcachedProcess(Process.Start(start)!, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(memcached.EndPoint);
                return memcached;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !memcached._process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                string errors = memcached._process.HasExited ? await memcached._process.StandardError.ReadToEndAsync() : "";
                await memcached.DisposeAsync();
                throw new InvalidOperationException($"memcached did not start listening on {memcached.EndPoint}: {errors}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
