using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketGen.Testing.Compilation;
using Xunit.Sdk;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// One analyzer test: sources with diagnostic markup, run through the analyzers; the test fails on a
/// compiler error in the sources, on any analyzer exception (AD0001), on an expected diagnostic that
/// is missing, and on any diagnostic that is not expected.
/// </summary>
public class AnalyzerTest
{
    /// <summary>Creates a test of <paramref name="analyzers"/>.</summary>
    public AnalyzerTest(params DiagnosticAnalyzer[] analyzers)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        Analyzers = [.. analyzers];
    }

    /// <summary>The analyzers under test.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>The test sources, with markup (file names Test0.cs, Test1.cs, ...).</summary>
    public List<string> Sources { get; } = [];

    /// <summary>The single source (<see cref="Sources"/>[0]).</summary>
    public string TestCode
    {
        get => Sources.Count > 0 ? Sources[0] : string.Empty;
        set
        {
            Sources.Clear();
            Sources.Add(value);
        }
    }

    /// <summary>
    /// The id <c>[|...|]</c> stands for. Unset: the analyzers' only diagnostic id (an error when they have several).
    /// </summary>
    public string? RuleUnderTest { get; set; }

    /// <summary>Diagnostics expected beside the markup (for example with arguments or at a <c>{|#n:...|}</c> location).</summary>
    public List<DiagnosticResult> ExpectedDiagnostics { get; } = [];

    /// <summary>References beyond the running framework's assemblies.</summary>
    public List<MetadataReference> AdditionalReferences { get; } = [];

    /// <summary>A global .editorconfig (for example <c>dotnet_diagnostic.SG1001.severity = error</c>), applied as the compiler applies one.</summary>
    public string? GlobalConfig { get; set; }

    /// <summary>Runs the test.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var markups = Sources.Select(DiagnosticMarkup.Parse).ToList();
        var compilation = CreateCompilation(markups.Select(m => m.Source));
        TestCompilation.AssertNoErrors(compilation);
        var run = await AnalyzerRunner.RunAsync(compilation, Analyzers, cancellationToken).ConfigureAwait(false);
        Verify(run, markups, compilation);
    }

    /// <summary>Compiles <paramref name="sources"/> with this test's references and configuration.</summary>
    public CSharpCompilation CreateCompilation(IEnumerable<string> sources)
    {
        var compilation = TestCompilation.Create(sources, AdditionalReferences);
        if (GlobalConfig is null)
        {
            return compilation;
        }

        var config = AnalyzerConfig.Parse("is_global = true" + Environment.NewLine + GlobalConfig, "/.globalconfig");
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(config));
        return compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(set.GlobalConfigOptions.TreeOptions));
    }

    /// <summary>Compares <paramref name="run"/> with what <paramref name="markups"/> and <see cref="ExpectedDiagnostics"/> expect.</summary>
    /// <param name="run">What the analyzers reported.</param>
    /// <param name="markups">The parsed sources.</param>
    /// <param name="compilation">The compilation analysed.</param>
    /// <param name="includeExpectedDiagnostics">False to expect only what the markup marks (used for fixed code).</param>
    protected void Verify(AnalyzerRun run, IReadOnlyList<DiagnosticMarkup> markups, Microsoft.CodeAnalysis.Compilation compilation, bool includeExpectedDiagnostics = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(markups);
        ArgumentNullException.ThrowIfNull(compilation);
        if (run.HasAnalyzerFailure)
        {
            throw new XunitException("An analyzer threw:" + Environment.NewLine
                + string.Join(Environment.NewLine, run.Exceptions.Select(e => e.ToString()))
                + TestCompilation.Describe(run.Diagnostics.Where(d => d.Id == "AD0001")));
        }

        var expected = new List<(string Id, int File, TextSpan Span, DiagnosticResult? Detail)>();
        for (var file = 0; file < markups.Count; file++)
        {
            foreach (var marked in markups[file].Expected)
            {
                expected.Add((marked.Id ?? ResolveRuleUnderTest(), file, marked.Span, null));
            }
        }

        foreach (var result in includeExpectedDiagnostics ? ExpectedDiagnostics : [])
        {
            TextSpan span;
            var file = result.SourceIndex;
            if (result.LocationMarker is { } marker)
            {
                var found = markups.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.Locations.ContainsKey(marker));
                if (found.m is null)
                {
                    throw new XunitException($"Expected {result} names location #{marker}, which no source marks.");
                }

                (span, file) = (found.m.Locations[marker], found.i);
            }
            else if (result.Span is { } explicitSpan)
            {
                span = explicitSpan;
            }
            else
            {
                throw new XunitException($"Expected {result} has no location.");
            }

            // An explicit expectation refines a marked span with the same id and place, if there is one.
            var marked = expected.FindIndex(e => e.Id == result.Id && e.File == file && e.Span == span && e.Detail is null);
            if (marked >= 0)
            {
                expected[marked] = (result.Id, file, span, result);
            }
            else
            {
                expected.Add((result.Id, file, span, result));
            }
        }

        var actual = run.Diagnostics.ToList();
        var problems = new StringBuilder();
        foreach (var (id, file, span, detail) in expected)
        {
            var path = $"Test{file}.cs";
            var match = actual.FindIndex(d => d.Id == id && d.Location.SourceTree?.FilePath == path && d.Location.SourceSpan == span);
            if (match < 0)
            {
                var source = markups[file].Source;
                problems.AppendLine(CultureInfo.InvariantCulture, $"Missing: {id} at {path} {span} '{Excerpt(source, span)}'");
                continue;
            }

            var diagnostic = actual[match];
            actual.RemoveAt(match);
            if (detail is not null)
            {
                CheckDetail(diagnostic, detail, problems);
            }
        }

        foreach (var diagnostic in actual)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"Unexpected: {diagnostic}");
        }

        if (problems.Length == 0)
        {
            return;
        }

        problems.AppendLine().AppendLine("Actual diagnostics as markup:");
        for (var file = 0; file < markups.Count; file++)
        {
            var path = $"Test{file}.cs";
            var spans = run.Diagnostics.Where(d => d.Location.SourceTree?.FilePath == path).Select(d => (d.Id, d.Location.SourceSpan));
            problems.AppendLine(CultureInfo.InvariantCulture, $"// {path}").AppendLine(DiagnosticMarkup.Render(markups[file].Source, spans));
        }

        throw new XunitException(problems.ToString());
    }

    private static void CheckDetail(Diagnostic diagnostic, DiagnosticResult detail, StringBuilder problems)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (detail.Message is not null && message != detail.Message)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"{detail}: message is '{message}', expected '{detail.Message}'");
        }

        if (detail.Arguments is not null)
        {
            // Roslyn keeps the arguments internal: compare the message they would format instead.
            var format = diagnostic.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            var expectedMessage = string.Format(CultureInfo.InvariantCulture, format, detail.Arguments.ToArray<object>());
            if (message != expectedMessage)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"{detail}: message is '{message}', expected '{expectedMessage}'");
            }
        }

        if (detail.Severity is { } severity && diagnostic.Severity != severity)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"{detail}: severity is {diagnostic.Severity}, expected {severity}");
        }
    }

    private string ResolveRuleUnderTest()
    {
        if (RuleUnderTest is not null)
        {
            return RuleUnderTest;
        }

        var ids = Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
        return ids.Count == 1
            ? ids[0]
            : throw new XunitException("'[|...|]' markup needs RuleUnderTest: the analyzers report " + string.Join(", ", ids));
    }

    private static string Excerpt(string source, TextSpan span)
        => span.End <= source.Length ? source.Substring(span.Start, span.Length) : "(outside the source)";
}

/// <summary>Shorthands for testing one analyzer type, shaped like CSharpAnalyzerVerifier.</summary>
/// <typeparam name="TAnalyzer">The analyzer under test.</typeparam>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>An expected diagnostic with <paramref name="id"/>.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id);

    /// <summary>Verifies that <paramref name="source"/> yields exactly its markup's diagnostics and <paramref name="expected"/>.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(new TAnalyzer()) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Verifies with <c>[|...|]</c> standing for <paramref name="ruleUnderTest"/>.</summary>
    public static Task VerifyAnalyzerAsync(string ruleUnderTest, string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(new TAnalyzer()) { TestCode = source, RuleUnderTest = ruleUnderTest };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
