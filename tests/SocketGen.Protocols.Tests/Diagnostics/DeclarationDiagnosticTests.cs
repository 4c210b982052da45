using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Generators.Protocols;
using SocketGen.Testing.Compilation;

namespace SocketGen.Protocols.Tests.Diagnostics;

/// <summary>Declarations that cannot work get an SG4001–SG4007 compile error at the member or type at fault, and no code.</summary>
public sealed class DeclarationDiagnosticTests
{
    private const string Usings = "using SocketGen.Protocols;\n";

    private static (IReadOnlyList<Diagnostic> Generator, IReadOnlyList<Diagnostic> Compiler) Run(string source)
    {
        var compilation = TestCompilation.Create([Usings + source], [TestCompilation.ReferenceTo(typeof(WireProtocolAttribute))]);
        CSharpGeneratorDriver.Create([new WireProtocolGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (diagnostics, output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }

    private static Diagnostic Single(string id, string source, string messageFragment)
    {
        var (generator, _) = Run(source);
        var diagnostic = Assert.Single(generator, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(messageFragment, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith($"docs/rules/{id}.md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        return diagnostic;
    }

    [Fact]
    public void A_valid_declaration_generates_code_that_compiles()
    {
        var (generator, compiler) = Run("""
            [BinaryLayout] public sealed class Ping { [FrameLength] public ushort Length { get; set; } public uint Id { get; set; } [Remaining] public byte[] Data { get; set; } = []; }
            [WireProtocol(typeof(Ping), typeof(Ping))] [LengthPrefixed(2)] public sealed partial class PingProtocol;
            """);
        Assert.Empty(generator);
        Assert.Empty(compiler);
    }

    [Fact]
    public void SG4001_a_length_field_that_refers_to_nothing()
    {
        const string source = """
            [BinaryLayout] public sealed class M { public byte Size { get; set; } [LengthFrom("Sise")] public string Text { get; set; } = ""; }
            [WireProtocol(typeof(M), typeof(M))] [SelfDelimited] public sealed partial class P;
            """;
        var diagnostic = Single("SG4001", source, "names 'Sise', which is not an integer member declared before it");
        Assert.Equal("Text", Location(diagnostic, source));
    }

    [Fact]
    public void SG4001_a_length_field_declared_after_the_member_it_sizes()
    {
        Single("SG4001", """
            [BinaryLayout] public sealed class M { [LengthFrom(nameof(Size))] public byte[] Data { get; set; } = []; public byte Size { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [SelfDelimited] public sealed partial class P;
            """, "not an integer member declared before it");
    }

    [Fact]
    public void SG4002_a_union_without_a_tag()
    {
        Single("SG4002", """
            [MessageUnion(typeof(A))] public interface IU;
            [BinaryLayout, UnionCase(1)] public sealed class A : IU { public byte X { get; set; } }
            [BinaryLayout] public sealed class M { public byte Kind { get; set; } public IU? Body { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(8)] public sealed partial class P;
            """, "needs [Union(nameof(TagMember))]");
    }

    [Fact]
    public void SG4002_a_union_case_without_a_tag_value()
    {
        Single("SG4002", """
            [MessageUnion(typeof(A))] public interface IU;
            [BinaryLayout] public sealed class A : IU { public byte X { get; set; } }
            [BinaryLayout] public sealed class M { public byte Kind { get; set; } [Union(nameof(Kind))] public IU? Body { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(8)] public sealed partial class P;
            """, "needs [BinaryLayout] and [UnionCase(tag, ...)]");
    }

    [Fact]
    public void SG4003_a_delimiter_that_can_occur_inside_a_delimited_field()
    {
        Single("SG4003", """
            [BinaryLayout] public sealed class M { public uint Id { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [Delimited("\n")] public sealed partial class P;
            """, "can contain the delimiter's bytes");
        Single("SG4003", """
            [TextLayout("put")] public sealed class Put { public int Bytes { get; set; } [DataBlock(nameof(Bytes))] public byte[] Data { get; set; } = []; }
            [WireProtocol(typeof(Put), typeof(Put))] [Delimited("\r\n")] public sealed partial class P;
            """, "data block of 'Put' can contain the delimiter");
    }

    [Fact]
    public void SG4004_an_unsized_member()
    {
        const string source = """
            [BinaryLayout] public sealed class M { public byte[] Data { get; set; } = []; }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(8)] public sealed partial class P;
            """;
        var diagnostic = Single("SG4004", source, "has no size");
        Assert.Equal("Data", Location(diagnostic, source));
        Single("SG4004", """
            [BinaryLayout] public sealed class M { public System.DateTime When { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(8)] public sealed partial class P;
            """, "which no binary layout carries");
    }

    [Fact]
    public void SG4005_overlapping_members()
    {
        Single("SG4005", """
            [BinaryLayout] public sealed class M { [FrameLength] public uint Length { get; set; } [Remaining] public byte[] Rest { get; set; } = []; public byte After { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [LengthPrefixed(4)] public sealed partial class P;
            """, "which takes the rest of the message");
        Single("SG4005", """
            [BinaryLayout] public sealed class M { public byte Kind { get; set; } [FrameLength] public uint Length { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [LengthPrefixed(4)] public sealed partial class P;
            """, "is 4 bytes at offset 1, but the framing's length prefix is 4 bytes at offset 0");
        Single("SG4005", """
            [BinaryLayout] public sealed class M { public ulong A { get; set; } public ulong B { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(8)] public sealed partial class P;
            """, "takes 16 bytes, more than the 8-byte frame");
    }

    [Fact]
    public void SG4006_a_protocol_without_framing_or_with_framing_its_messages_do_not_fit()
    {
        Single("SG4006", """
            [BinaryLayout] public sealed class M { public uint Id { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] public sealed partial class P;
            """, "needs exactly one framing attribute");
        Single("SG4006", """
            [BinaryLayout] public sealed class M { public uint Id { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [LengthPrefixed(4)] public sealed partial class P;
            """, "must declare the length as a [FrameLength] integer member");
        Single("SG4006", """
            [BinaryLayout] public sealed class M { public uint Id { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(4)] public sealed class P;
            """, "must be a non-generic partial class");
    }

    private const string GoodCase = "[BinaryLayout, UnionCase(1)] public sealed class A : IU { [FrameLength] public ushort Length { get; set; } public byte Kind { get; set; } }\n";

    private const string UnionProtocol = "[WireProtocol(typeof(IU), typeof(IU))] [LengthPrefixed(2)] public sealed partial class P;\n";

    [Theory]
    [InlineData("[LengthPrefixed(2)]", "[FrameLength] public ushort Length { get; set; } public byte Kind { get; set; } [Remaining] public string Text { get; set; } = \"\";")]
    [InlineData("[SelfDelimited]", "[FrameLength] public ushort Length { get; set; } public byte Kind { get; set; } [LengthFrom(nameof(Length))] public string Text { get; set; } = \"\";")]
    public void A_top_level_binary_union_generates_code_that_compiles(string framing, string secondCaseMembers)
    {
        var (generator, compiler) = Run("""
            [MessageUnion(typeof(A), typeof(B), TagMember = "Kind")] public interface IU;
            """ + "[BinaryLayout, UnionCase(2, 3)] public sealed class B : IU { " + secondCaseMembers + " }\n"
            + GoodCase + UnionProtocol.Replace("[LengthPrefixed(2)]", framing, StringComparison.Ordinal));
        Assert.Empty(generator);
        Assert.Empty(compiler);
    }

    [Fact]
    public void SG4002_a_top_level_binary_union_without_a_tag_member()
    {
        Single("SG4002", "[MessageUnion(typeof(A))] public interface IU;\n" + GoodCase + UnionProtocol, "needs [MessageUnion(..., TagMember = nameof(Case.Tag))]");
    }

    [Fact]
    public void SG4002_a_top_level_union_case_whose_tag_is_at_another_offset()
    {
        const string source = """
            [MessageUnion(typeof(A), typeof(B), TagMember = "Kind")] public interface IU;
            [BinaryLayout, UnionCase(2)] public sealed class B : IU { [FrameLength] public ushort Length { get; set; } public byte Pad { get; set; } public byte Kind { get; set; } }
            """ + GoodCase + UnionProtocol;
        var diagnostic = Single("SG4002", source, "Tag member 'Kind' of 'B' is a 1-byte unsigned integer at offset 3, but in 'A' it is a 1-byte unsigned integer at offset 2");
        Assert.Equal("B", Location(diagnostic, source));
    }

    [Fact]
    public void SG4002_a_top_level_union_case_whose_tag_has_another_type()
    {
        Single("SG4002", """
            [MessageUnion(typeof(A), typeof(B), TagMember = "Kind")] public interface IU;
            [BinaryLayout, UnionCase(2)] public sealed class B : IU { [FrameLength] public ushort Length { get; set; } public short Kind { get; set; } }
            """ + GoodCase + UnionProtocol, "is a 2-byte signed big-endian integer at offset 2");
    }

    [Fact]
    public void SG4002_a_top_level_union_case_without_the_tag_member()
    {
        Single("SG4002", """
            [MessageUnion(typeof(A), typeof(B), TagMember = "Kind")] public interface IU;
            [BinaryLayout, UnionCase(2)] public sealed class B : IU { [FrameLength] public ushort Length { get; set; } public byte Sort { get; set; } }
            """ + GoodCase + UnionProtocol, "needs the tag member 'Kind'");
    }

    [Fact]
    public void SG4002_two_top_level_union_cases_with_the_same_tag()
    {
        Single("SG4002", """
            [MessageUnion(typeof(A), typeof(B), TagMember = "Kind")] public interface IU;
            [BinaryLayout, UnionCase(1)] public sealed class B : IU { [FrameLength] public ushort Length { get; set; } public byte Kind { get; set; } }
            """ + GoodCase + UnionProtocol, "Tag 1 chooses more than one case of union 'IU'");
    }

    [Fact]
    public void SG4007_a_message_type_that_is_not_a_layout()
    {
        Single("SG4007", """
            public sealed class M { public uint Id { get; set; } }
            [WireProtocol(typeof(M), typeof(M))] [FixedSize(4)] public sealed partial class P;
            """, "is not a message type");
    }

    [Fact]
    public void Every_protocol_diagnostic_is_an_error_with_a_rule_page_and_a_release_entry()
    {
        string root = RepositoryRoot();
        var releases = File.ReadAllText(Path.Combine(root, "generators", "SocketGen.Generators", "AnalyzerReleases.Unshipped.md"));
        var ids = new HashSet<string>();
        foreach (var descriptor in ProtocolDiagnosticDescriptors.All)
        {
            Assert.True(ids.Add(descriptor.Id), $"{descriptor.Id} is used twice");
            Assert.Matches("^SG40[0-9]{2}$", descriptor.Id);
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Same(descriptor, ProtocolDiagnosticDescriptors.ById(descriptor.Id));
            var page = Path.Combine(root, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{page} is missing");
            var text = File.ReadAllText(page);
            Assert.Contains("// Bad", text, StringComparison.Ordinal);
            Assert.Contains("// Good", text, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + " |", releases, StringComparison.Ordinal);
        }

        Assert.Equal(7, ids.Count);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "..", ".."));

    /// <summary>The source text the diagnostic points at (generator diagnostics carry a file path and span, not a tree).</summary>
    private static string Location(Diagnostic diagnostic, string source)
    {
        Assert.Equal("Test0.cs", diagnostic.Location.GetLineSpan().Path);
        return (Usings + source).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
    }
}
