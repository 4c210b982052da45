namespace SocketGen.AnalyzerCorpus;

/// <summary>A diagnostic at a place in the corpus; <see cref="Key"/> is what the judged list matches on.</summary>
internal sealed record CorpusDiagnostic(string Repository, string Commit, string Path, int Line, string Rule, string Text)
{
    /// <summary>Repository, path, line and rule: the identity of a diagnostic in the judged list.</summary>
    public string Key => Repository + "\t" + Path + "\t" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\t" + Rule;
}
