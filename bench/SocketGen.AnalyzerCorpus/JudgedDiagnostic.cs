namespace SocketGen.AnalyzerCorpus;

/// <summary>
/// One line of judged.tsv: a place in a repository, the rule, the verdict (TP: the code is wrong there
/// and the rule should report it; FP: it should not) and why. A TP the analyzers do not report is a
/// labelled miss and counts against recall.
/// </summary>
internal sealed record JudgedDiagnostic(string Repository, string Commit, string Path, int Line, string Rule, string Verdict, string Reason)
{
    public const string Header = "repository\tcommit\tpath\tline\trule\tverdict\treason";

    public bool IsTrue => Verdict == "TP";

    public string Key => Repository + "\t" + Path + "\t" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\t" + Rule;

    public static List<JudgedDiagnostic> ReadAll(string path)
        => !File.Exists(path)
            ? []
            : File.ReadAllLines(path)
                .Skip(1)
                .Where(line => line.Length > 0)
                .Select(line => line.Split('\t'))
                .Select(c => new JudgedDiagnostic(c[0], c[1], c[2], int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture), c[4], c[5], c.Length > 6 ? c[6] : ""))
                .ToList();

    public override string ToString()
        => string.Join('\t', Repository, Commit, Path, Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Rule, Verdict, Reason);
}
