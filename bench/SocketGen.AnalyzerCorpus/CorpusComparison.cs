using System.Globalization;

namespace SocketGen.AnalyzerCorpus;

/// <summary>What the analyzers reported against the judged list: per rule precision and recall, new and missing diagnostics.</summary>
internal sealed class CorpusComparison
{
    private readonly List<JudgedDiagnostic> _judged;
    private readonly List<CorpusDiagnostic> _reported;
    private readonly Dictionary<string, JudgedDiagnostic> _byKey;

    public CorpusComparison(List<JudgedDiagnostic> judged, List<CorpusDiagnostic> reported)
    {
        _judged = judged;
        _reported = reported;
        _byKey = judged.GroupBy(j => j.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var reportedKeys = reported.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Unjudged = reported.Where(r => !_byKey.ContainsKey(r.Key)).ToList();
        Missing = judged.Where(j => j.IsTrue && !reportedKeys.Contains(j.Key)).ToList();
    }

    /// <summary>Reported, not in the judged list: to be judged by hand.</summary>
    public List<CorpusDiagnostic> Unjudged { get; }

    /// <summary>Labelled true positives the analyzers do not report.</summary>
    public List<JudgedDiagnostic> Missing { get; }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("rule     reported  TP  FP  unjudged  precision  labelled-TP  found  recall");
        var rules = _reported.Select(r => r.Rule).Concat(_judged.Select(j => j.Rule)).Distinct().Order(StringComparer.Ordinal);
        int allReported = 0, allTrue = 0, allLabelled = 0, allFound = 0;
        foreach (var rule in rules)
        {
            var reported = _reported.Where(r => r.Rule == rule).ToList();
            var truePositives = reported.Count(r => _byKey.TryGetValue(r.Key, out var j) && j.IsTrue);
            var falsePositives = reported.Count(r => _byKey.TryGetValue(r.Key, out var j) && !j.IsTrue);
            var unjudged = reported.Count - truePositives - falsePositives;
            var labelled = _judged.Count(j => j.Rule == rule && j.IsTrue);
            var found = labelled - Missing.Count(m => m.Rule == rule);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rule,-8} {reported.Count,8} {truePositives,3} {falsePositives,3} {unjudged,9}  {Ratio(truePositives, reported.Count),9}  {labelled,11} {found,6}  {Ratio(found, labelled),6}"));
            allReported += reported.Count;
            allTrue += truePositives;
            allLabelled += labelled;
            allFound += found;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"all",-8} {allReported,8} {allTrue,3} {allReported - allTrue,3} {Unjudged.Count,9}  {Ratio(allTrue, allReported),9}  {allLabelled,11} {allFound,6}  {Ratio(allFound, allLabelled),6}"));
        foreach (var diagnostic in Unjudged)
        {
            output.WriteLine($"new:     {diagnostic.Repository} {diagnostic.Path}:{diagnostic.Line} {diagnostic.Rule} {diagnostic.Text}");
        }

        foreach (var miss in Missing)
        {
            output.WriteLine($"missing: {miss.Repository} {miss.Path}:{miss.Line} {miss.Rule} ({miss.Reason})");
        }
    }

    /// <summary>Writes the judged list with every unjudged diagnostic added (verdict '?', the message as the reason).</summary>
    public void WriteMerged(string path)
    {
        var lines = _judged.Select(j => j.ToString())
            .Concat(Unjudged.Select(u => new JudgedDiagnostic(u.Repository, u.Commit, u.Path, u.Line, u.Rule, "?", u.Text).ToString()))
            .Order(StringComparer.Ordinal);
        File.WriteAllLines(path, new[] { JudgedDiagnostic.Header }.Concat(lines));
    }

    private static string Ratio(int part, int whole)
        => whole == 0 ? "-" : ((double)part / whole).ToString("P0", CultureInfo.InvariantCulture);
}
