using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SocketGen.Tests.Activation;

namespace SocketGen.Tests.Balancing;

/// <summary>
/// A real DNS server for the balancing tests: dnsmasq on 127.0.0.1 at a free port, answering only for the names in
/// a hosts file of the test's own (<c>--no-resolv --no-hosts --addn-hosts</c>; <c>--local=/test/</c> makes it the
/// authority for the test domain, so a name without IPv6 addresses gets an empty AAAA answer, not REFUSED), never touching the machine's
/// resolver configuration. Changing the file and sending SIGHUP makes it answer the new addresses.
/// </summary>
internal sealed class Dnsmasq : IAsyncDisposable
{
    private const int SigHup = 1;
    private readonly Process _process;
    private readonly string _directory;
    private readonly string _hostsFile;

    private Dnsmasq(Process process, string directory, string hostsFile, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        _hostsFile = hostsFile;
        EndPoint = endPoint;
    }

    /// <summary>Where dnsmasq answers (UDP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>dnsmasq's path, or null when it is not installed (.ci/run installs it).</summary>
    public static string? Program => ProgramPath.Find("dnsmasq") ?? (File.Exists("/usr/sbin/dnsmasq") ? "/usr/sbin/dnsmasq" : null);

    public static async Task<Dnsmasq> StartAsync(string name, params IPAddress[] addresses)
    {
        string directory = Directory.CreateTempSubdirectory("socketgen-dns-").FullName;

        // dnsmasq started as root drops to the user nobody: it must still read the hosts file after SIGHUP.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("dnsmasq runs on Linux.");
        }

        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string hostsFile = Path.Combine(directory, "hosts");
        WriteHosts(hostsFile, name, addresses);
        int port = FreeUdpPort();
        var start = new ProcessStartInfo(Program ?? throw new InvalidOperationException("dnsmasq is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--addn-hosts=" + hostsFile, "--local=/test/",
            "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--local-ttl=0", "--pid-file=",
            "--log-facility=-",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dns = new Dnsmasq(process, directory, hostsFile, new IPEndPoint(IPAddress.Loopback, port));
        await dns.WaitUntilAnsweringAsync(name);
        return dns;
    }

    /// <summary>Answers <paramref name="name"/> with these addresses from now on.</summary>
    public void Set(string name, params IPAddress[] addresses)
    {
        WriteHosts(_hostsFile, name, addresses);
        if (SendSignal(_process.Id, SigHup) != 0)
        {
            throw new InvalidOperationException($"kill(dnsmasq, SIGHUP) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void WriteHosts(string path, string name, IPAddress[] addresses)
    {
        string temporary = path + ".new";
        File.WriteAllLines(temporary, addresses.Select(a => $"{a} {name}"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task WaitUntilAnsweringAsync(string name)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await SocketGen.Balancing.DnsQuery.QueryAddressesAsync(EndPoint, name, CancellationToken.None);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>A fact that needs dnsmasq; reported as skipped, with the reason, where it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresDnsmasqFactAttribute : FactAttribute
{
    public RequiresDnsmasqFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Dnsmasq.Program is null)
        {
            Skip = "dnsmasq is not installed (.ci/run installs it), so the balanced client cannot be tested against a real DNS server.";
        }
    }
}
