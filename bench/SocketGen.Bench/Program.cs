using SocketGen.Bench;
using SocketGen.Bench.Driving;
using SocketGen.Bench.Servers;

// One program, three roles: the harness (default), a managed server under test (`serve <kind>`), and a
// client under test as a load driver (`drive <client> ...`: SocketGen's generated client or a peer's). Servers and drivers run as separate processes
// so each one's CPU time and allocations can be measured on its own.
if (args.Length >= 2 && args[0] == "serve")
{
    return await ServeCommand.RunAsync(args[1]);
}

if (args.Length >= 2 && args[0] == "drive")
{
    return await ClientDriver.RunAsync(args[1], args[2..]);
}

return await Harness.RunAsync(args);
