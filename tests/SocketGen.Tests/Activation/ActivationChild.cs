using System.Text;
using SocketGen.Sockets;

namespace SocketGen.Tests.Activation;

/// <summary>
/// The socket-activated server the activation test starts: it takes its listener from LISTEN_FDS, accepts one
/// connection and tells the client what it saw, then exits.
/// </summary>
internal static class ActivationChild
{
    public const string Command = "activation-child";

    public static async Task<int> RunAsync()
    {
        int closeOnExecBefore = Libc.Fcntl(SocketActivation.FirstDescriptor, Libc.FileDescriptorGetFlags, 0) & Libc.CloseOnExec;
        var listeners = SocketListener.TakeFromSystemd();
        int closeOnExecAfter = Libc.Fcntl(SocketActivation.FirstDescriptor, Libc.FileDescriptorGetFlags, 0) & Libc.CloseOnExec;
        string variables = string.Join(",", new[] { "LISTEN_FDS", "LISTEN_PID" }.Select(name => $"{name}={Environment.GetEnvironmentVariable(name) ?? "(unset)"}"));
        if (listeners.Count == 0)
        {
            await Console.Error.WriteLineAsync($"no listeners passed; {variables}");
            return 3;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var listener = listeners[0];
        await using var connection = await listener.AcceptAsync(timeout.Token);
        string report = $"pid={Environment.ProcessId};listeners={listeners.Count};local={listener.LocalEndPoint};cloexec={closeOnExecBefore}->{closeOnExecAfter};{variables}\n";
        await connection.SendAsync(Encoding.UTF8.GetBytes(report), timeout.Token);
        connection.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        return 0;
    }
}
