using System.Text;
using Microsoft.CodeAnalysis;
using SocketGen.Generators.Parsing;
using SocketGen.Generators.Specs;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

public sealed class GeneratorBehaviourTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        """;

    [Fact]
    public void Method_ids_do_not_change_when_members_are_reordered()
    {
        var forward = Usings + "[SocketContract] public interface IStore { Task PutAsync(string key); Task<int> CountAsync(); IAsyncEnumerable<int> ReadAsync(int from); }";
        var backward = Usings + "[SocketContract] public interface IStore { IAsyncEnumerable<int> ReadAsync(int from); Task<int> CountAsync(); Task PutAsync(string key); }";

        var idsForward = Parse(forward.Replace("IAsyncEnumerable", "System.Collections.Generic.IAsyncEnumerable", StringComparison.Ordinal), "IStore").Methods.ToDictionary(m => m.Name, m => m.Id);
        var idsBackward = Parse(backward.Replace("IAsyncEnumerable", "System.Collections.Generic.IAsyncEnumerable", StringComparison.Ordinal), "IStore").Methods.ToDictionary(m => m.Name, m => m.Id);

        Assert.Equal(3, idsForward.Count);
        Assert.Equal(idsForward, idsBackward);
        Assert.Equal(3, idsForward.Values.Distinct().Count());
    }

    [Fact]
    public void Idempotent_methods_are_marked_in_the_spec_and_the_contract_description()
    {
        var source = Usings + "[SocketContract] public interface IStore { [Idempotent] Task<int> GetAsync(int key); Task PutAsync(int key); }";
        var methods = Parse(source, "IStore").Methods.ToDictionary(m => m.Name);
        Assert.True(methods["GetAsync"].IsIdempotent);
        Assert.False(methods["PutAsync"].IsIdempotent);

        var generated = string.Concat(GeneratorHarness.Run(source).AssertCompilesWithoutWarnings().Sources.Values);
        Assert.Contains("RpcMethodDescription(\"GetAsync\", GetAsyncId, global::SocketGen.Rpc.RpcMethodKind.Unary, true)", generated, StringComparison.Ordinal);
        Assert.Contains("RpcMethodDescription(\"PutAsync\", PutAsyncId, global::SocketGen.Rpc.RpcMethodKind.Unary, false)", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_derived_id_is_the_fnv1a_hash_of_the_canonical_signature()
    {
        var method = Assert.Single(Parse(Usings + "[SocketContract] public interface ICalc { ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default); }", "ICalc").Methods);

        Assert.Equal("int AddAsync(int, int)", method.Signature);
        Assert.Equal(Fnv1a("int AddAsync(int, int)"), method.Id);
    }

    [Fact]
    public void Ids_ignore_nullable_annotations_the_cancellation_token_and_task_flavour()
    {
        var first = Assert.Single(Parse(Usings + "[SocketContract] public interface IEcho { Task<string?> EchoAsync(string? text); }", "IEcho").Methods);
        var second = Assert.Single(Parse(Usings + "[SocketContract] public interface IEcho { ValueTask<string> EchoAsync(string text, CancellationToken cancellationToken); }", "IEcho").Methods);

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public void Ids_change_with_the_call_kind_or_result()
    {
        var ids = Parse(Usings + """
            [SocketContract] public interface ILog
            {
                Task WriteAsync(string line);
                [OneWay] Task Write2Async(string line);
                Task<int> Write3Async(string line);
            }
            """, "ILog").Methods.Select(m => m.Signature).ToList();

        Assert.Equal(["void WriteAsync(string)", "oneway Write2Async(string)", "int Write3Async(string)"], ids);
    }

    [Fact]
    public void An_explicit_id_wins_over_the_derived_one()
    {
        var method = Assert.Single(Parse(Usings + "[SocketContract] public interface IStore { [Method(Id = 77)] Task PutAsync(string key); }", "IStore").Methods);

        Assert.Equal(77u, method.Id);
    }

    [Fact]
    public void A_contract_can_inherit_a_contract_from_another_assembly()
    {
        var library = TestCompilation.Create(
            [Usings + "namespace Shared { [SocketContract] public interface IHealth { [Method(Id = 9)] Task<bool> IsHealthyAsync(); [OneWay] Task PingAsync(); } }"],
            GeneratorHarness.References,
            assemblyName: "SharedContracts");
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        var reference = MetadataReference.CreateFromImage(image.ToArray());

        var consumer = TestCompilation.Create(
            [Usings + "namespace App { [SocketContract] public interface IStore : Shared.IHealth { Task<int> CountAsync(); } }"],
            GeneratorHarness.References.Add(reference));
        var outcome = GeneratorHarness.Run(consumer).AssertCompilesWithoutWarnings();
        Assert.Empty(GeneratorHarness.Analyze(consumer));

        var spec = ContractParser.Parse(consumer.GetTypeByMetadataName("App.IStore")!, consumer, CancellationToken.None).Spec!;
        Assert.Equal(["CountAsync", "IsHealthyAsync", "PingAsync"], spec.Methods.Select(m => m.Name));
        Assert.Equal(9u, spec.Methods.Single(m => m.Name == "IsHealthyAsync").Id);
        Assert.Equal(CallKind.OneWay, spec.Methods.Single(m => m.Name == "PingAsync").Kind);
        Assert.Contains("((global::Shared.IHealth)_implementation).IsHealthyAsync()", outcome.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contract_in_a_nullable_oblivious_file_compiles_without_warnings()
    {
        var source = "#nullable disable\n" + Usings + """
            namespace Legacy;
            public sealed class Item { public string Name { get; set; } public int[] Values { get; set; } }
            [SocketContract] public interface ILegacy { Task<string> EchoAsync(string text); Task<Item> GetAsync(Item item); }
            """;

        GeneratorHarness.Run(source).AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void User_types_named_like_framework_types_do_not_confuse_the_generated_code()
    {
        var source = Usings + """
            namespace Demo
            {
                public class System { }
                public class Task { }
                public class SocketGen { }
                public class CancellationToken { }
                [SocketContract]
                public interface IShadowed
                {
                    global::System.Threading.Tasks.Task<int> AddAsync(int a, int b, global::System.Threading.CancellationToken cancellationToken = default);
                    global::System.Threading.Tasks.Task SendAsync(string reader, string call, string methodId, string _implementation, string writer, string value);
                }
            }
            """;

        GeneratorHarness.Run(source).AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void A_parameter_named_like_the_clients_connection_field_still_compiles()
    {
        GeneratorHarness.Run(Usings + "[SocketContract] public interface IOdd { Task SendAsync(int _connection); }").AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Contracts_with_the_same_name_in_different_namespaces_get_separate_files()
    {
        var outcome = GeneratorHarness.Run(
            Usings + "namespace A { [SocketContract] public interface IStore { Task PutAsync(int x); } }",
            Usings + "namespace B { [SocketContract] public interface IStore { Task PutAsync(int x); } }").AssertCompilesWithoutWarnings();

        Assert.Equal(["A.IStore.SocketGen.g.cs", "B.IStore.SocketGen.g.cs"], outcome.Sources.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_generated_file_has_the_expected_header_and_marks_every_type()
    {
        var source = GeneratorHarness.Run(TestContracts.Calculator).SingleSource;

        Assert.StartsWith("// <auto-generated/>", source, StringComparison.Ordinal);
        Assert.Contains("#nullable enable", source, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(source, "[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"SocketGen.Generators\""));
        Assert.DoesNotContain(" System.", source.Replace("global::System.", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Types_with_the_same_name_in_different_namespaces_get_separate_codecs()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            namespace A { public sealed record Point(int X); }
            namespace B { public sealed record Point(string Name); }
            namespace App { [SocketContract] public interface IMap { Task<A.Point> ConvertAsync(B.Point point); } }
            """).AssertCompilesWithoutWarnings();

        Assert.Contains("WritePoint(", outcome.SingleSource, StringComparison.Ordinal);
        Assert.Contains("WritePoint2(", outcome.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_names_that_match_the_decoders_locals_still_compile()
    {
        GeneratorHarness.Run(Usings + """
            public sealed record Awkward(int Reader, int Writer, int Value, int Scope, int Token, int FieldCount, string Class, int @event);
            [SocketContract] public interface IAwkward { Task<Awkward> EchoAsync(Awkward value); }
            """).AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Unusual_but_valid_shapes_compile_without_warnings()
    {
        GeneratorHarness.Run(Usings + """
            using System;
            using System.Collections.Generic;
            public enum Mood { Calm }
            public class Base { public int Id { get; set; } }
            public class Derived : Base { public string? Name { get; set; } public Derived? Parent { get; init; } }
            public sealed record WithDefaults(int A = 1, string B = "b") { public required string C { get; init; } }
            public sealed class Required { public Required(int a) { A = a; } public int A { get; } public required List<int> B { get; init; } }
            public struct Plain { public Plain(int x) { X = x; } public int X { get; } public int Y { get; set; } }
            public sealed record Generic<T>(T Value, List<T> Values);
            [SocketContract]
            public interface IOdd
            {
                Task<IReadOnlyList<int[]>> A(Dictionary<Guid, Dictionary<string, byte[]?>> map, List<Mood?> moods, int?[] holes);
                Task<ReadOnlyMemory<byte>[]> B(ReadOnlyMemory<byte>? maybe, string?[]? names, int[][][] deep);
                Task<Derived> C(Base value, WithDefaults defaults, Required required, Plain plain, Plain? maybePlain);
                IAsyncEnumerable<Generic<Generic<string?>>> D(Generic<Mood> mood, IReadOnlyList<IReadOnlyList<Derived?>> nested);
                ValueTask E(char c, decimal d, TimeSpan t, DateTime dt, DateTimeOffset dto, Guid g, sbyte sb, ushort us, uint ui, ulong ul, float f, double db);
            }
            """).AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void A_contract_that_inherits_IAsyncDisposable_keeps_dispose_local()
    {
        var outcome = GeneratorHarness.Run(Usings + "[SocketContract] public interface ISession : System.IAsyncDisposable { Task<int> CountAsync(); }").AssertCompilesWithoutWarnings();

        Assert.DoesNotContain("DisposeAsyncId", outcome.SingleSource, StringComparison.Ordinal);
    }

    private static ContractSpec Parse(string source, string contractName)
    {
        var compilation = GeneratorHarness.Compile(source);
        var contract = compilation.GetTypeByMetadataName(contractName)!;
        var result = ContractParser.Parse(contract, compilation, CancellationToken.None);
        Assert.Empty(result.Diagnostics);
        return result.Spec!;
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var index = text.IndexOf(part, StringComparison.Ordinal); index >= 0; index = text.IndexOf(part, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
