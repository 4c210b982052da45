namespace SocketGen.Generators.Parsing;

/// <summary>
/// Why a type cannot travel on the wire: every member that cannot, each with the path from the type to it, so
/// one diagnostic names them all instead of the first one found.
/// </summary>
internal sealed class WireTypeError
{
    /// <summary>More problems than this are counted in a message, not listed: the message stays readable.</summary>
    private const int MaxListed = 10;

    private WireTypeError(IReadOnlyList<WireTypeProblem> problems) => Problems = problems;

    /// <summary>One type that cannot travel, reached directly.</summary>
    /// <param name="type">The offending type, as a message shows it.</param>
    /// <param name="reason">What is wrong with it and what works instead.</param>
    /// <param name="isSilent">Whether the compiler already reports the problem (the type does not resolve).</param>
    public WireTypeError(string type, string reason, bool isSilent)
        : this([new WireTypeProblem(string.Empty, type, reason, isSilent)])
    {
    }

    /// <summary>Every offending member, in the order the parser met them.</summary>
    public IReadOnlyList<WireTypeProblem> Problems { get; }

    /// <summary>Whether the compiler already reports every problem, so no diagnostic is added.</summary>
    public bool IsSilent => Problems.All(p => p.IsSilent);

    /// <summary>These problems, reached through one more step: <c>.Name</c> for a property, <c>[]</c> for an element.</summary>
    public WireTypeError Through(string step)
        => new(Problems.Select(p => p with { Path = step + p.Path }).ToList());

    /// <summary>All problems of <paramref name="errors"/>, or null when there are none.</summary>
    public static WireTypeError? Combine(IEnumerable<WireTypeError?> errors)
    {
        var problems = errors.Where(e => e is not null).SelectMany(e => e!.Problems).Distinct().ToList();
        return problems.Count == 0 ? null : new WireTypeError(problems);
    }

    /// <summary>The explanation for a diagnostic message; paths start at <paramref name="root"/>, the declared type.</summary>
    public string Describe(string root)
    {
        var problems = Problems.Where(p => !p.IsSilent).ToList();
        if (problems.Count == 1 && problems[0].Path.Length == 0)
        {
            return $"'{problems[0].Type}' {problems[0].Reason}";
        }

        var listed = problems.Take(MaxListed).Select(p => $"'{root}{p.Path}' is '{p.Type}', which {p.Reason}");
        var more = problems.Count > MaxListed ? $"; and {problems.Count - MaxListed} more" : "";
        var count = problems.Count == 1 ? "1 member cannot" : $"{problems.Count} members cannot";
        return $"{count}: {string.Join("; ", listed)}{more}";
    }
}

/// <summary>One member that cannot travel.</summary>
/// <param name="Path">The steps from the declared type to it (<c>.Lines[].Product.Image</c>); empty for the type itself.</param>
/// <param name="Type">The offending type, as a message shows it.</param>
/// <param name="Reason">What is wrong with it and what works instead, worded to follow the type's name.</param>
/// <param name="IsSilent">Whether the compiler already reports it.</param>
internal sealed record WireTypeProblem(string Path, string Type, string Reason, bool IsSilent);
