using System.Runtime.CompilerServices;
using SocketGen.Fuzz;

namespace SocketGen.Tests.Fuzzing;

/// <summary>
/// The fuzz targets (fuzz/SocketGen.Fuzz) over the checked-in inputs, without libFuzzer: every seed in
/// fuzz/corpus and every crash the fuzzer ever found (fuzz/regressions, one file per crash) must pass.
/// </summary>
public class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in new[] { "corpus", "regressions" })
        {
            foreach (string target in FuzzTargets.ByName.Keys)
            {
                string directory = Path.Combine(FuzzDirectory(), folder, target);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (string file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetRelativePath(FuzzDirectory(), file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_checked_in_fuzz_input_passes_its_target(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzDirectory(), file));

        FuzzTargets.ByName[target](input);
    }

    [Fact]
    public void The_checked_in_seeds_are_what_the_real_writers_produce()
    {
        foreach ((string target, IReadOnlyList<byte[]> seeds) in SeedCorpus.Make())
        {
            for (int i = 0; i < seeds.Count; i++)
            {
                string path = Path.Combine(FuzzDirectory(), "corpus", target, $"seed-{i}");
                Assert.True(File.Exists(path), $"{path} is missing: run 'dotnet run --project fuzz/SocketGen.Fuzz -- seeds fuzz/corpus'");
                Assert.Equal(seeds[i], File.ReadAllBytes(path));
            }
        }
    }

    [Fact]
    public void Each_target_refuses_garbage_without_throwing_anything_else()
    {
        var random = new Random(18);
        foreach (FuzzTarget target in FuzzTargets.ByName.Values)
        {
            for (int i = 0; i < 2_000; i++)
            {
                byte[] input = new byte[random.Next(0, 300)];
                random.NextBytes(input);
                target(input);
            }
        }
    }

    private static string FuzzDirectory([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "fuzz"));
}
