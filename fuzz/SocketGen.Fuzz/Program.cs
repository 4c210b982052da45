using System.Diagnostics;
using SocketGen.Fuzz;

// fuzz/run.sh starts this program under libFuzzer (through the driver in fuzz/driver) as "SocketGen.Fuzz <target>".
// Without libFuzzer: "replay <target> <file or folder>..." runs inputs once (a crash's reproduction),
// "seeds <folder>" writes the seed corpus.
if (args.Length >= 2 && args[0] == "seeds")
{
    SeedCorpus.Write(args[1]);
    return 0;
}

if (args.Length >= 3 && args[0] == "replay")
{
    FuzzTarget replayed = Target(args[1]);
    int count = 0;
    foreach (string path in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]))
    {
        try
        {
            replayed(File.ReadAllBytes(path));
            count++;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{path}: {ex}");
            return 1;
        }
    }

    Console.WriteLine($"{args[1]}: {count} inputs replayed, no finding");
    return 0;
}

if (args.Length == 1 && Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is not null)
{
    FuzzTarget target = Target(args[0]);
    SharpFuzz.Fuzzer.LibFuzzer.Run(input => target(input));
    return 0;
}

Console.Error.WriteLine($"usage: SocketGen.Fuzz <{string.Join('|', FuzzTargets.ByName.Keys)}> (under fuzz/run.sh) | replay <target> <path>... | seeds <folder>");
return 2;

static FuzzTarget Target(string name) =>
    FuzzTargets.ByName.TryGetValue(name, out FuzzTarget? target) ? target : throw new ArgumentException($"No fuzz target named '{name}'.", nameof(name));
