using System.Runtime.InteropServices;

namespace SocketGen.Bench;

/// <summary>What the numbers were measured on, for the printed header and the JSON.</summary>
internal static class MachineInfo
{
    public static string Cpu { get; } = ReadCpuModel();

    public static string Describe() =>
        $"{Cpu} · {Environment.ProcessorCount} cores · {RuntimeInformation.OSDescription} · {RuntimeInformation.FrameworkDescription}";

    /// <summary>
    /// The 1, 5 and 15 minute load averages (runnable threads, machine-wide), or "n/a" off Linux. On a shared
    /// machine this says how much of the run's CPU other jobs took: on 2 cores, 2 means already busy.
    /// </summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string ReadCpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':') + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
