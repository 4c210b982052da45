using SocketGen.Testing.Analyzers;
using SocketGen.Generators.Diagnostics;

namespace SocketGen.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        """;

    [Fact]
    public void SG0001_a_class_marked_as_contract_is_reported()
        => AssertReported("SG0001", "[{|CS0592:SocketContract|}] public class [|Calculator|] { }", "'Calculator'", "is a class");

    [Fact]
    public void SG0002_a_generic_contract_is_reported()
        => AssertReported("SG0002", "[SocketContract] public interface [|IStore|]<T> { Task<int> CountAsync(); }", "'IStore'");

    [Fact]
    public void SG0002_a_contract_nested_in_a_generic_type_is_reported()
        => AssertReported("SG0002", "public partial class Outer<T> { [SocketContract] public interface [|IStore|] { Task<int> CountAsync(); } }", "'IStore'");

    [Fact]
    public void SG0003_a_contract_nested_in_a_type_that_is_not_partial_is_reported()
        => AssertReported("SG0003", "public class Outer { [SocketContract] public interface [|IStore|] { Task<int> CountAsync(); } }", "'Outer'", "partial");

    [Fact]
    public void SG0004_a_property_in_a_contract_is_reported()
        => AssertReported("SG0004", "[SocketContract] public interface IStore { Task<int> [|Count|] { get; } }", "'Count'", "property");

    [Fact]
    public void SG0004_an_event_in_a_contract_is_reported()
        => AssertReported("SG0004", "[SocketContract] public interface IStore { event System.EventHandler [|Changed|]; }", "'Changed'", "event");

    [Fact]
    public void SG0005_a_generic_method_is_reported()
        => AssertReported("SG0005", "[SocketContract] public interface IStore { Task<T> [|GetAsync|]<T>(T key); }", "'GetAsync'");

    [Fact]
    public void SG0006_a_method_that_is_not_awaitable_is_reported_on_its_return_type()
        => AssertReported("SG0006", "[SocketContract] public interface IStore { [|int|] Count(); }", "'Count'", "'int'");

    [Fact]
    public void SG0007_an_unsupported_parameter_type_is_reported_on_the_type()
        => AssertReported("SG0007", "[SocketContract] public interface IStore { Task PutAsync([|object|] value); }", "parameter 'value'", "'PutAsync'", "'object'");

    [Fact]
    public void SG0007_an_unsupported_property_deep_in_a_result_names_the_path()
        => AssertReported(
            "SG0007",
            """
            public sealed record Order(List<Line> Lines);
            public sealed record Line(int Quantity, System.IntPtr Handle);
            [SocketContract] public interface IShop { [|Task<Order>|] GetAsync(int id); }
            """,
            "result of 'GetAsync'", "'Order.Lines[].Handle' is 'nint'", "a long");

    [Fact]
    public void SG0007_names_every_member_that_cannot_travel_with_its_path_and_what_to_use_instead()
        => AssertReported(
            "SG0007",
            """
            public sealed record Order(List<Line> Lines, object Note, Dictionary<string, System.IntPtr> Handles, Line First, int Count);
            public sealed record Line(int Quantity, Product Product);
            public sealed record Product(string Name, System.Action Image, (int Id, System.Uri Link) Pair, IList<int> Sizes);
            [SocketContract] public interface IShop { Task PutAsync([|Order|] order); }
            """,
            "parameter 'order'",
            "8 members cannot",
            "'Order.Lines[].Product.Image' is 'Action', which is not a type the wire format carries; code cannot travel",
            "'Order.Lines[].Product.Pair.Item2' is 'Uri', which is not a type the wire format carries; send its text as a string",
            "'Order.Lines[].Product.Sizes' is 'IList<int>', which is not a type the wire format carries; use T[], List<T>",
            "'Order.Note' is 'object', which is not a type the wire format carries; the receiver would not know what to create",
            "'Order.Handles.Values[]' is 'nint'",
            "'Order.First.Product.Image' is 'Action'",
            "'Order.First.Product.Pair.Item2' is 'Uri'",
            "'Order.First.Product.Sizes' is 'IList<int>'");

    [Fact]
    public void SG0007_a_nullable_dictionary_key_and_a_bad_value_are_both_named()
        => AssertReported(
            "SG0007",
            "[SocketContract] public interface IShop { Task PutAsync([|Dictionary<string?, object>|] map); }",
            "2 members cannot",
            "'Dictionary<string?, object>.Keys[]' is 'string?', which is a nullable dictionary key",
            "'Dictionary<string?, object>.Values[]' is 'object'");

    [Fact]
    public void SG0007_a_type_without_a_usable_constructor_is_reported()
        => AssertReported(
            "SG0007",
            """
            public sealed class Sealed { private Sealed() { } public int Id { get; } }
            [SocketContract] public interface IShop { Task PutAsync([|Sealed|] value); }
            """,
            "constructor");

    [Fact]
    public void SG0007_an_unsupported_stream_item_is_reported()
        => AssertReported("SG0007", "[SocketContract] public interface IFeed { [|IAsyncEnumerable<object>|] ReadAsync(); }", "stream item");

    [Fact]
    public void SG0050_two_derived_types_with_one_tag_are_reported_on_the_second_declaration()
        => AssertReported(
            "SG0050",
            """
            [WireDerived(typeof(Circle), 1)]
            [[|WireDerived(typeof(Square), 1)|]]
            public abstract record Shape(string Name);
            public sealed record Circle(string Name, double Radius) : Shape(Name);
            public sealed record Square(string Name, double Side) : Shape(Name);
            [SocketContract] public interface IDraw { Task PutAsync(Shape shape); }
            """,
            "tag 1 of 'Square' on 'Shape'", "also the tag of 'Circle'");

    [Fact]
    public void SG0050_tag_zero_is_reported_because_it_names_the_base()
        => AssertReported(
            "SG0050",
            """
            [[|WireDerived(typeof(Circle), 0)|]]
            public record Shape(string Name);
            public sealed record Circle(string Name, double Radius) : Shape(Name);
            [SocketContract] public interface IDraw { Task PutAsync(Shape shape); }
            """,
            "tag 0", "not 1 or more");

    [Fact]
    public void SG0051_a_declared_type_that_does_not_derive_from_the_base_is_reported()
        => AssertReported(
            "SG0051",
            """
            [[|WireDerived(typeof(Point), 1)|]]
            public abstract record Shape(string Name);
            public sealed record Point(int X, int Y);
            [SocketContract] public interface IDraw { Task<Shape> GetAsync(); }
            """,
            "'Point'", "does not derive from 'Shape'");

    [Fact]
    public void SG0051_an_abstract_derived_type_is_reported()
        => AssertReported(
            "SG0051",
            """
            [[|WireDerived(typeof(Round), 1)|]]
            public abstract record Shape(string Name);
            public abstract record Round(string Name) : Shape(Name);
            [SocketContract] public interface IDraw { Task<Shape> GetAsync(); }
            """,
            "'Round'", "abstract");

    [Fact]
    public void SG0007_an_abstract_type_without_derived_types_names_WireDerived_as_the_way_out()
        => AssertReported(
            "SG0007",
            """
            public abstract record Shape(string Name);
            [SocketContract] public interface IDraw { Task PutAsync([|Shape|] shape); }
            """,
            "abstract", "[WireDerived(typeof(Derived), tag)]");

    [Fact]
    public void SG0052_a_fault_that_is_not_an_exception_is_reported()
        => AssertReported(
            "SG0052",
            "[SocketContract] public interface IShop { [[|Fault(typeof(string))|]] Task OrderAsync(int id); }",
            "'string'", "'OrderAsync'", "does not derive from System.Exception");

    [Fact]
    public void SG0052_a_fault_whose_data_cannot_travel_names_the_member()
        => AssertReported(
            "SG0052",
            """
            public sealed class BadException(System.Action retry) : System.Exception { public System.Action Retry { get; } = retry; }
            [SocketContract] public interface IShop { [[|Fault(typeof(BadException))|]] Task OrderAsync(int id); }
            """,
            "'BadException'", "'BadException.Retry' is 'Action'");

    [Fact]
    public void SG0008_a_ref_parameter_is_reported()
        => AssertReported("SG0008", "[SocketContract] public interface IStore { Task PutAsync([|ref int value|]); }", "'value'", "'ref'");

    [Fact]
    public void SG0008_an_out_parameter_is_reported()
        => AssertReported("SG0008", "[SocketContract] public interface IStore { Task PutAsync([|out int value|]); }", "'out'");

    [Fact]
    public void SG0009_a_cancellation_token_before_other_parameters_is_reported()
        => AssertReported("SG0009", "[SocketContract] public interface IStore { Task PutAsync([|CancellationToken cancellationToken|], int value); }", "'cancellationToken'");

    [Fact]
    public void SG0010_a_one_way_method_with_a_result_is_reported()
        => AssertReported("SG0010", "[SocketContract] public interface IStore { [OneWay] [|Task<int>|] PutAsync(int value); }", "'PutAsync'", "[OneWay]");

    [Fact]
    public void SG0010_a_one_way_stream_is_reported()
        => AssertReported("SG0010", "[SocketContract] public interface IStore { [OneWay] [|IAsyncEnumerable<int>|] ReadAsync(); }", "'ReadAsync'");

    [Fact]
    public void SG0011_two_methods_with_the_same_explicit_id_are_reported()
        => AssertReported("SG0011", "[SocketContract] public interface IStore { [Method(Id = 5)] Task AAsync(); [Method(Id = 5)] Task [|BAsync|](); }", "'AAsync'", "'BAsync'", "5");

    [Fact]
    public void SG0012_an_explicit_id_of_zero_is_reported()
        => AssertReported("SG0012", "[SocketContract] public interface IStore { [[|Method(Id = 0)|]] Task AAsync(); }", "'AAsync'", "reserved");

    [Fact]
    public void SG0013_overloads_that_differ_only_in_the_cancellation_token_are_reported()
        => AssertReported("SG0013", "[SocketContract] public interface IStore { Task PutAsync(int value); Task [|PutAsync|](int value, CancellationToken cancellationToken); }", "'PutAsync'", "(int)");

    [Fact]
    public void SG0013_overloads_that_differ_only_in_the_return_type_are_reported()
        => AssertReported(
            "SG0013",
            """
            public interface IA { Task PutAsync(int value); }
            public interface IB { Task<int> PutAsync(int value); }
            [SocketContract] public interface [|IStore|] : IA, IB { }
            """,
            "'IA.PutAsync'", "'IB.PutAsync'");

    [Fact]
    public void SG0014_a_method_that_collides_with_the_clients_dispose_is_reported()
        => AssertReported("SG0014", "[SocketContract] public interface IStore { ValueTask [|DisposeAsync|](); }", "'DisposeAsync'", "DisposeAsync()");

    [Fact]
    public void SG0014_a_method_named_like_the_client_is_reported()
        => AssertReported("SG0014", "[SocketContract] public interface IStore { Task [|StoreClient|](); }", "'StoreClient'");

    [Fact]
    public void SG0015_a_file_local_contract_is_reported()
        => AssertReported("SG0015", "[SocketContract] file interface [|IStore|] { Task<int> CountAsync(); }", "'IStore'");

    [Fact]
    public void SG0030_callbacks_that_are_a_class_are_reported()
        => AssertReported("SG0030", "public class Events { } [[|SocketContract(Callbacks = typeof(Events))|]] public interface IStore { Task<int> CountAsync(); }", "'Events'", "is a class");

    [Fact]
    public void SG0030_callbacks_that_are_a_generic_interface_are_reported()
        => AssertReported("SG0030", "public interface IEvents<T> { Task OnAsync(T value); } [[|SocketContract(Callbacks = typeof(IEvents<int>))|]] public interface IStore { Task<int> CountAsync(); }", "generic interface");

    [Fact]
    public void SG0031_a_callback_that_returns_a_stream_is_reported()
        => AssertReported("SG0031", "public interface IEvents { IAsyncEnumerable<int> [|TicksAsync|](); } [SocketContract(Callbacks = typeof(IEvents))] public interface IStore { Task<int> CountAsync(); }", "'TicksAsync'");

    [Fact]
    public void A_callback_method_breaking_a_contract_rule_is_reported_at_the_callback()
        => AssertReported("SG0008", "public interface IEvents { Task OnAsync([|ref int value|]); } [SocketContract(Callbacks = typeof(IEvents))] public interface IStore { Task<int> CountAsync(); }", "'value'");

    [Fact]
    public void SG0016_a_second_stream_parameter_is_reported()
        => AssertReported("SG0016", "[SocketContract] public interface IMixer { Task<int> MixAsync(IAsyncEnumerable<float> left, [|System.IO.Stream right|]); }", "'right'", "'MixAsync'");

    [Fact]
    public void SG0017_a_one_way_method_with_a_stream_is_reported()
        => AssertReported("SG0017", "[SocketContract] public interface ILog { [OneWay] ValueTask [|WriteAllAsync|](IAsyncEnumerable<string> lines); }", "'WriteAllAsync'", "'lines'");

    [Fact]
    public void SG0007_an_unsupported_client_stream_item_is_reported()
        => AssertReported("SG0007", "[SocketContract] public interface IFeed { Task SendAsync([|IAsyncEnumerable<object>|] items); }", "stream item of parameter 'items'", "'object'");

    [Fact]
    public void SG0007_a_stream_inside_a_value_is_reported()
        => AssertReported("SG0007", "[SocketContract] public interface IFeed { Task SendAsync([|List<System.IO.Stream>|] items); }", "parameter 'items'");

    [Fact]
    public void An_error_in_a_base_interface_is_reported_on_the_contract()
        => AssertReported("SG0006", "public interface IBase { int Count(); } [SocketContract] public interface [|IStore|] : IBase { }", "'IBase.Count'");

    [Theory]
    [MemberData(nameof(TestContracts.All), MemberType = typeof(TestContracts))]
    public void Valid_contracts_have_no_diagnostics(string name, string source)
    {
        Assert.NotEmpty(name);
        Assert.Empty(GeneratorHarness.Analyze(source));
    }

    [Fact]
    public void A_contract_with_an_unresolved_type_adds_no_diagnostic_to_the_compilers_own()
    {
        var diagnostics = GeneratorHarness.Analyze(Usings + "[SocketContract] public interface IStore { Task PutAsync(Missing value); }");

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Run(Usings + "[SocketContract] public interface IStore { Task PutAsync(Missing value); }").Sources);
    }

    [Fact]
    public void Every_diagnostic_is_an_error_with_a_help_link_to_its_rule_page()
    {
        var rulesFolder = Path.Combine(RepositoryRoot(), "docs", "rules");
        var ids = new HashSet<string>();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.True(ids.Add(descriptor.Id), $"{descriptor.Id} is used twice");
            Assert.Matches("^SG00[0-9]{2}$", descriptor.Id);
            Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.EndsWith("docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            var page = Path.Combine(rulesFolder, descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{page} is missing");
            var text = File.ReadAllText(page);
            Assert.Contains("// Bad", text, StringComparison.Ordinal);
            Assert.Contains("// Good", text, StringComparison.Ordinal);
        }

        var releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "generators", "SocketGen.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.All(ids, id => Assert.Contains(id + " |", releases, StringComparison.Ordinal));
    }

    private static void AssertReported(string id, string markedSource, params string[] messageParts)
    {
        // The framework checks the id, the span and that the generator wrote nothing (a contract with an error
        // generates nothing, so only the diagnostic shows).
        var marked = Usings + markedSource.Replace("[|", "{|" + id + ":", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal);
        new ContractDiagnosticTest { TestCode = marked }.RunAsync().GetAwaiter().GetResult();

        // The message names the parts that matter (checked as parts: the full wording is the rule page's).
        var diagnostic = Assert.Single(GeneratorHarness.Analyze(Markup.Strip(marked)));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in messageParts)
        {
            Assert.True(message.Contains(part, StringComparison.Ordinal), $"'{part}' is not in the message: {message}");
        }
    }

    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", ".."));
}
