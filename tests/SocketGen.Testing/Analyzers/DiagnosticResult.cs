using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// A diagnostic a test expects beside its markup, shaped like Microsoft.CodeAnalysis.Testing's
/// DiagnosticResult: an id, a location (a markup location number or an explicit span) and optionally
/// the message arguments, the full message or the severity.
/// </summary>
public sealed record DiagnosticResult
{
    /// <summary>Creates an expectation for <paramref name="id"/>.</summary>
    public DiagnosticResult(string id) => Id = id;

    /// <summary>The expected diagnostic id.</summary>
    public string Id { get; }

    /// <summary>The markup location number (<c>{|#n:...|}</c>) the diagnostic must sit on, if any.</summary>
    public int? LocationMarker { get; private init; }

    /// <summary>The explicit span the diagnostic must sit on, if any.</summary>
    public TextSpan? Span { get; private init; }

    /// <summary>The file the diagnostic must sit in (index into the test sources); 0 unless set.</summary>
    public int SourceIndex { get; private init; }

    /// <summary>The expected message arguments, compared as strings, if set.</summary>
    public IReadOnlyList<string>? Arguments { get; private init; }

    /// <summary>The expected message, if set.</summary>
    public string? Message { get; private init; }

    /// <summary>The expected effective severity, if set.</summary>
    public DiagnosticSeverity? Severity { get; private init; }

    /// <summary>Expects the diagnostic on the markup location <c>{|#marker:...|}</c>.</summary>
    public DiagnosticResult WithLocation(int marker) => this with { LocationMarker = marker, Span = null };

    /// <summary>Expects the diagnostic on <paramref name="span"/> of source <paramref name="sourceIndex"/>.</summary>
    public DiagnosticResult WithSpan(TextSpan span, int sourceIndex = 0) => this with { Span = span, LocationMarker = null, SourceIndex = sourceIndex };

    /// <summary>Expects these message arguments (compared by their string form).</summary>
    public DiagnosticResult WithArguments(params object[] arguments)
        => this with { Arguments = arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray() };

    /// <summary>Expects exactly this message.</summary>
    public DiagnosticResult WithMessage(string message) => this with { Message = message };

    /// <summary>Expects this effective severity.</summary>
    public DiagnosticResult WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    /// <inheritdoc />
    public override string ToString()
    {
        var where = LocationMarker is { } marker ? $"location #{marker}" : Span is { } span ? $"span {span} of Test{SourceIndex}.cs" : "(no location)";
        var arguments = Arguments is null ? string.Empty : $" with arguments ({string.Join(", ", Arguments)})";
        return $"{Id} at {where}{arguments}";
    }
}
