namespace SocketGen.Tests.Activation;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; the socket-activation test starts this
/// assembly as a child process with "activation-child" to act as a socket-activated server, and the fault-sweep
/// tests with "fault-server" to act as a server they can kill, freeze and stop.
/// </summary>
public static class TestProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ActivationChild.Command)
        {
            return await ActivationChild.RunAsync();
        }

        if (args.Length > 0 && args[0] == Faults.FaultServerChild.Command)
        {
            return await Faults.FaultServerChild.RunAsync(args);
        }

        await Console.Error.WriteLineAsync("This is the SocketGen test assembly; run it with dotnet test.");
        return 64;
    }
}
