using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SocketGen.Addressing;
using SocketGen.Sockets;
using SocketGen.Tests.Sockets;

namespace SocketGen.Tests.Activation;

[Collection(ChildProcessCollection.Name)]
public class SocketActivationTests
{
    [RequiresProgramFact("bash", "move a listening descriptor to 3 for a socket-activated child")]
    public async Task A_child_process_takes_an_inherited_listening_descriptor_from_listen_fds()
    {
        IPEndPoint endPoint;
        Process child;
        using (var listening = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listening.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listening.Listen();
            endPoint = (IPEndPoint)listening.LocalEndPoint!;
            child = StartActivatedChild((int)listening.SafeHandle.DangerousGetHandle());
        }

        // Only the child holds the listener now: if it cannot take it, the connect is refused instead of hanging.
        using var _ = child;
        try
        {
            var token = TestTimeouts.Guard(20);
            var stderr = child.StandardError.ReadToEndAsync(token);
            await using var connection = await SocketConnector.ConnectAsync(endPoint, cancellationToken: token);
            var buffer = new byte[1024];
            int length = await connection.ReceiveAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
            string report = Encoding.UTF8.GetString(buffer, 0, length);
            await child.WaitForExitAsync(token);

            Assert.True(child.ExitCode == 0, $"child exited {child.ExitCode}: {await stderr}");
            Assert.Contains($"pid={child.Id};", report, StringComparison.Ordinal);           // the child accepted, not us
            Assert.Contains("listeners=1;", report, StringComparison.Ordinal);
            Assert.Contains($"local={endPoint};", report, StringComparison.Ordinal);
            Assert.Contains("cloexec=0->1;", report, StringComparison.Ordinal);              // inherited without, set after taking
            Assert.Contains("LISTEN_FDS=(unset),LISTEN_PID=(unset)", report, StringComparison.Ordinal);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    [Fact]
    public void Variables_for_another_process_are_ignored_and_cleared()
    {
        var environment = new FakeEnvironment(processId: 100) { ["LISTEN_PID"] = "99", ["LISTEN_FDS"] = "1", ["LISTEN_FDNAMES"] = "web" };
        Assert.Empty(SocketActivation.TakeSockets(environment.Access));
        Assert.Empty(environment.Variables);
    }

    [Fact]
    public void Without_the_variables_there_is_nothing_to_take()
    {
        var environment = new FakeEnvironment(processId: 100);
        Assert.Empty(SocketActivation.TakeSockets(environment.Access));
        Assert.Empty(SocketListener.TakeFromSystemd()); // this test process was not socket-activated
    }

    [Fact]
    public void Zero_descriptors_is_an_empty_list_and_clears_the_variables()
    {
        var environment = new FakeEnvironment(processId: 100) { ["LISTEN_PID"] = "100", ["LISTEN_FDS"] = "0" };
        Assert.Empty(SocketActivation.TakeSockets(environment.Access));
        Assert.Empty(environment.Variables);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("5000")]
    public void A_malformed_count_is_an_error_naming_it(string count)
    {
        var environment = new FakeEnvironment(processId: 100) { ["LISTEN_PID"] = "100", ["LISTEN_FDS"] = count };
        var error = Assert.Throws<InvalidOperationException>(() => SocketActivation.TakeSockets(environment.Access));
        Assert.Contains($"'{count}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(environment.Variables);
    }

    private static Process StartActivatedChild(int fd)
    {
        string testAssembly = typeof(ActivationChild).Assembly.Location;
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        // bash, not sh: dash's redirections take single-digit descriptors only.
        var start = new ProcessStartInfo(ProgramPath.Find("bash")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Move the listener to descriptor 3, as systemd passes it, then exec (keeping the pid LISTEN_PID names).
        start.ArgumentList.Add("-c");
        Assert.NotEqual(SocketActivation.FirstDescriptor, fd); // 3 is taken in a .NET process; moving it onto itself would close it
        start.ArgumentList.Add($"exec 3<&{fd} {fd}<&- && export LISTEN_PID=$$ LISTEN_FDS=1 && exec \"$1\" \"$2\" {ActivationChild.Command}");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(testAssembly);
        foreach (var name in new[] { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES" })
        {
            start.Environment.Remove(name);
        }

        // .NET opens sockets close-on-exec; clear it only while the child starts.
        int flags = Libc.Fcntl(fd, Libc.FileDescriptorGetFlags, 0);
        Assert.True(flags >= 0);
        Assert.Equal(0, Libc.Fcntl(fd, Libc.FileDescriptorSetFlags, flags & ~Libc.CloseOnExec));
        try
        {
            return Process.Start(start)!;
        }
        finally
        {
            Libc.Fcntl(fd, Libc.FileDescriptorSetFlags, flags);
        }
    }

    private sealed class FakeEnvironment : System.Collections.IEnumerable
    {
        public FakeEnvironment(int processId)
            => Access = new ActivationEnvironment(name => Variables.GetValueOrDefault(name), name => Variables.Remove(name), processId);

        public Dictionary<string, string> Variables { get; } = new();

        public ActivationEnvironment Access { get; }

        public string this[string name]
        {
            set => Variables[name] = value;
        }

        public System.Collections.IEnumerator GetEnumerator() => Variables.GetEnumerator();
    }
}
