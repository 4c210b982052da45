using System.Runtime.InteropServices;

namespace SocketGen.Bench;

/// <summary>What the numbers were measured on, for the printed header and the JSON.</summary>
internal static class MachineInfo
{
    public static string Cpu { get; } = ReadCpuModel();

    public static string Describe() =>
        $"{Cpu} · {Environment.ProcessorCount} cores · {RuntimeInformation.OSDescription} · {RuntimeInformation.FrameworkDescription}";

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
