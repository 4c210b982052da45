using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Generators.Incremental;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

/// <summary>
/// When two versions of a file count as the same declarations, the generator reuses its specs without
/// binding anything: these cases decide whether an edit can be missed.
/// </summary>
public sealed class DeclarationShapeTests
{
    private const string Models = """
        namespace Demo.Shapes;

        public sealed record Point(int X, int Y);

        public static class Limits
        {
            public const int MaxSteps = 5;

            private static readonly int[] s_table = [1, 2, 3];

            public static int Clamp(int steps)
            {
                return steps > MaxSteps ? MaxSteps : steps;
            }

            public static int Twice(int steps) => steps * 2;
        }
        """;

    [Theory]
    [InlineData("return steps > MaxSteps ? MaxSteps : steps;", "return System.Math.Min(steps, MaxSteps);")]
    [InlineData("=> steps * 2;", "=> steps + steps;")]
    [InlineData("[1, 2, 3]", "[4, 5, 6]")]
    [InlineData("public static int Clamp", "// A comment outside any body.\n    public static int Clamp")]
    public void Edits_inside_bodies_non_const_initializers_and_comments_keep_the_declarations(string before, string after)
    {
        Assert.Equal(Shape(Models), Shape(Edit(before, after)));
    }

    [Theory]
    [InlineData("Point(int X, int Y)", "Point(int X, int Y, int Z)")]
    [InlineData("MaxSteps = 5", "MaxSteps = 7")]
    [InlineData("public static int Twice(int steps) => steps * 2;", "public static int Twice(int steps) { return steps * 2; }")]
    [InlineData("public sealed record Point", "[System.Obsolete] public sealed record Point")]
    [InlineData("public sealed record Point", "#nullable disable\npublic sealed record Point")]
    public void Edits_to_declarations_constants_attributes_or_nullable_directives_change_the_declarations(string before, string after)
    {
        Assert.NotEqual(Shape(Models), Shape(Edit(before, after)));
    }

    [Fact]
    public void A_file_with_a_nullable_directive_counts_any_edit_as_a_change()
    {
        var withDirective = "#nullable disable\n" + Models;
        var edited = withDirective.Replace("steps * 2", "steps + steps", StringComparison.Ordinal);

        Assert.NotEqual(Shape(withDirective), Shape(edited));
    }

    [Fact]
    public void The_same_text_under_other_parse_options_or_another_path_is_a_change()
    {
        var tree = CSharpSyntaxTree.ParseText(Models, TestCompilation.ParseOptions, "Models.cs");
        var olderLanguage = CSharpSyntaxTree.ParseText(Models, TestCompilation.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp12), "Models.cs");
        var moved = CSharpSyntaxTree.ParseText(Models, TestCompilation.ParseOptions, "Other.cs");

        Assert.NotEqual(new DeclarationShape(tree), new DeclarationShape(olderLanguage));
        Assert.NotEqual(new DeclarationShape(tree), new DeclarationShape(moved));
    }

    private static string Edit(string before, string after)
    {
        Assert.Contains(before, Models, StringComparison.Ordinal);
        return Models.Replace(before, after, StringComparison.Ordinal);
    }

    private static DeclarationShape Shape(string text)
        => new(CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, "Models.cs"));
}
