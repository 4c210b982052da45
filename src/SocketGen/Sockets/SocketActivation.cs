using System.Globalization;
using System.Net.Sockets;

namespace SocketGen.Sockets;

/// <summary>
/// systemd's socket activation protocol (sd_listen_fds): the service manager binds the sockets, starts the
/// process with them open as descriptors 3, 4, ... and says how many in LISTEN_FDS, for whom in LISTEN_PID.
/// The inetd idea, for servers that accept themselves.
/// </summary>
internal static class SocketActivation
{
    /// <summary>The first passed descriptor (SD_LISTEN_FDS_START): 0-2 are stdin, stdout and stderr.</summary>
    public const int FirstDescriptor = 3;

    public const string ListenPidVariable = "LISTEN_PID";
    public const string ListenFdsVariable = "LISTEN_FDS";
    public const string ListenFdNamesVariable = "LISTEN_FDNAMES";

    /// <summary>The real process environment and id.</summary>
    public static readonly ActivationEnvironment ProcessEnvironment = new(
        Environment.GetEnvironmentVariable,
        name => Environment.SetEnvironmentVariable(name, null),
        Environment.ProcessId);

    /// <summary>Takes the passed sockets; empty when the variables are absent or meant for another process.</summary>
    public static IReadOnlyList<Socket> TakeSockets(ActivationEnvironment environment)
    {
        string? pidText = environment.Get(ListenPidVariable);
        string? countText = environment.Get(ListenFdsVariable);
        if (countText is null)
        {
            return Array.Empty<Socket>();
        }

        try
        {
            // Variables a parent set for its own process leak into children by inheritance: LISTEN_PID tells them apart.
            if (pidText is null
                || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid != environment.ProcessId)
            {
                return Array.Empty<Socket>();
            }

            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count > 1024)
            {
                throw new InvalidOperationException($"{ListenFdsVariable}='{countText}' is not a descriptor count.");
            }

            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("Socket activation (LISTEN_FDS) is supported on Linux only.");
            }

            var sockets = new List<Socket>(count);
            try
            {
                for (int fd = FirstDescriptor; fd < FirstDescriptor + count; fd++)
                {
                    sockets.Add(AdoptListeningSocket(fd));
                }
            }
            catch
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }

                throw;
            }

            return sockets;
        }
        finally
        {
            // Cleared either way, as sd_listen_fds(1) does, so child processes do not try to take them too.
            environment.Clear(ListenPidVariable);
            environment.Clear(ListenFdsVariable);
            environment.Clear(ListenFdNamesVariable);
        }
    }

    private static Socket AdoptListeningSocket(int fd)
    {
        // Inherited descriptors arrive without FD_CLOEXEC: set it so our own child processes do not inherit the listener.
        int flags = Libc.Fcntl(fd, Libc.FileDescriptorGetFlags, 0);
        if (flags < 0 || Libc.Fcntl(fd, Libc.FileDescriptorSetFlags, flags | Libc.CloseOnExec) < 0)
        {
            throw new InvalidOperationException($"Descriptor {fd} from {ListenFdsVariable} is not open (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }

        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Descriptor {fd} from {ListenFdsVariable} is not a socket: {ex.Message}", ex);
        }

        if (socket.SocketType != SocketType.Stream
            || (int?)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is null or 0)
        {
            var type = socket.SocketType;
            socket.Dispose();
            throw new InvalidOperationException(type == SocketType.Unknown
                ? $"Descriptor {fd} from {ListenFdsVariable} is not a socket."
                : $"Descriptor {fd} from {ListenFdsVariable} is a {type} socket that is not listening; only listening stream sockets can be accepted on.");
        }

        return socket;
    }
}

/// <summary>Where socket activation reads its variables and process id; the tests substitute their own.</summary>
internal sealed class ActivationEnvironment
{
    private readonly Func<string, string?> _get;
    private readonly Action<string> _clear;

    public ActivationEnvironment(Func<string, string?> get, Action<string> clear, int processId)
    {
        _get = get;
        _clear = clear;
        ProcessId = processId;
    }

    public int ProcessId { get; }

    public string? Get(string name) => _get(name);

    public void Clear(string name) => _clear(name);
}
