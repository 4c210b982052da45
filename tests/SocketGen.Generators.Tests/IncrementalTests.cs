using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Generators.Specs;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] s_stepNames =
        [SocketContractGenerator.TrackingNames.Contracts, SocketContractGenerator.TrackingNames.ValidContracts];

    private const string OtherContract = """
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Clock;

        [SocketContract]
        public interface IClock
        {
            Task<long> TicksAsync();
        }
        """;

    [Fact]
    public void An_edit_to_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(TestContracts.Calculator, OtherContract, "public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "Test2.cs", "public class Unrelated { public int Added; }");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in s_stepNames)
        {
            var steps = result.TrackedSteps[name];
            Assert.Equal(2, steps.SelectMany(s => s.Outputs).Count());
            Assert.All(steps.SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {output.Reason}"));
    }

    [Fact]
    public void Editing_one_contract_regenerates_only_that_contracts_output()
    {
        var compilation = GeneratorHarness.Compile(TestContracts.Calculator, OtherContract);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var edited = Replace(compilation, "Test1.cs", OtherContract.Replace("Task<long> TicksAsync();", "Task<long> TicksAsync();\n    Task<string> ZoneAsync();", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[SocketContractGenerator.TrackingNames.ValidContracts]
            .SelectMany(s => s.Outputs)
            .Select(o => (Contract: ((ContractSpec)o.Value).ContractName, o.Reason))
            .ToList();
        Assert.Contains(("Demo.Clock.IClock", IncrementalStepRunReason.Modified), reasons);
        Assert.Contains(reasons, r => r.Contract == "Demo.Math.ICalculator" && r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before["Demo.Math.ICalculator.SocketGen.g.cs"], after["Demo.Math.ICalculator.SocketGen.g.cs"]);
        Assert.NotEqual(before["Demo.Clock.IClock.SocketGen.g.cs"], after["Demo.Clock.IClock.SocketGen.g.cs"]);
        Assert.Contains("ZoneAsync", after["Demo.Clock.IClock.SocketGen.g.cs"], StringComparison.Ordinal);
    }

    private const string ShapesContract = """
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Shapes;

        [SocketContract]
        public interface IShapes
        {
            Task<Point> MoveAsync(Point from, int steps = Limits.MaxSteps);
        }

        public static class Geometry
        {
            public static int Area(int width, int height)
            {
                return width * height;
            }
        }
        """;

    private const string ShapeModels = """
        namespace Demo.Shapes;

        public sealed record Point(int X, int Y);

        public static class Limits
        {
            public const int MaxSteps = 5;

            public static int Clamp(int steps)
            {
                return steps > MaxSteps ? MaxSteps : steps;
            }
        }
        """;

    [Fact]
    public void A_method_body_edit_in_a_file_that_declares_a_contract_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(ShapesContract, ShapeModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "Test0.cs", ShapesContract.Replace("return width * height;", "return checked(width * height);", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertNothingRegenerated(result, contracts: 1);
    }

    [Fact]
    public void A_method_body_edit_in_the_file_of_a_message_type_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(ShapesContract, ShapeModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "Test1.cs", ShapeModels.Replace("steps > MaxSteps ? MaxSteps : steps", "System.Math.Min(steps, MaxSteps)", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertNothingRegenerated(result, contracts: 1);
    }

    [Fact]
    public void Adding_a_property_to_a_message_record_in_another_file_regenerates_the_contract_that_carries_it()
    {
        var compilation = GeneratorHarness.Compile(ShapesContract, ShapeModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "Test1.cs", ShapeModels.Replace("Point(int X, int Y)", "Point(int X, int Y, int Z)", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(result.TrackedSteps[SocketContractGenerator.TrackingNames.ValidContracts].SelectMany(s => s.Outputs)).Reason);
        Assert.Contains("value.Z", Assert.Single(result.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_constant_used_as_a_default_value_in_another_file_regenerates_the_contract()
    {
        var compilation = GeneratorHarness.Compile(ShapesContract, ShapeModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains("int steps = 5", driver.GetRunResult().GeneratedTrees.Single().ToString(), StringComparison.Ordinal);

        var edited = Replace(compilation, "Test1.cs", ShapeModels.Replace("MaxSteps = 5", "MaxSteps = 7", StringComparison.Ordinal));
        var generated = driver.RunGenerators(edited).GetRunResult().GeneratedTrees.Single().ToString();

        Assert.Contains("int steps = 7", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Referencing_SocketGen_Hosting_after_a_run_adds_the_dependency_injection_extensions()
    {
        var compilation = GeneratorHarness.Compile(ShapesContract, ShapeModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);

        var withHosting = compilation.AddReferences(TestCompilation.ReferenceTo(typeof(SocketGen.Hosting.SocketGenServiceCollectionExtensions)));
        var result = driver.RunGenerators(withHosting).GetRunResult().Results.Single();

        Assert.Contains(result.GeneratedSources, s => s.HintName.EndsWith(".SocketGen.Hosting.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Adding_a_contract_file_generates_it_and_leaves_the_others_unchanged()
    {
        var compilation = GeneratorHarness.Compile(TestContracts.Calculator, "public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(OtherContract, TestCompilation.ParseOptions, "Added.cs"));
        var result = driver.RunGenerators(added).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[SocketContractGenerator.TrackingNames.ValidContracts]
            .SelectMany(s => s.Outputs)
            .ToDictionary(o => ((ContractSpec)o.Value).ContractName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.New, reasons["Demo.Clock.IClock"]);
        Assert.True(reasons["Demo.Math.ICalculator"] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"ICalculator: {reasons["Demo.Math.ICalculator"]}");
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result, int contracts)
    {
        foreach (var name in s_stepNames)
        {
            var outputs = result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(contracts, outputs.Count);
            Assert.All(outputs, output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {output.Reason}"));
    }

    [Fact]
    public void Every_step_output_is_a_spec()
    {
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(TestContracts.Calculator)).GetRunResult().Results.Single();

        foreach (var name in s_stepNames)
        {
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), output => Assert.IsType<ContractSpec>(output.Value));
        }
    }

    [Fact]
    public void Spec_types_hold_only_values_that_compare_by_value()
    {
        var specTypes = typeof(SocketContractGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ContractSpec).Namespace && !t.IsNested && !t.IsAbstract || t.IsEnum && t.Namespace == typeof(ContractSpec).Namespace)
            .Where(t => t != typeof(EquatableArray))
            .ToList();
        Assert.Contains(typeof(ContractSpec), specTypes);

        foreach (var type in specTypes.Where(t => !t.IsEnum && !t.IsGenericTypeDefinition))
        {
            Assert.True(typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type), $"{type.Name} does not compare by value");
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            {
                Assert.True(IsValueLike(field.FieldType, specTypes), $"{type.Name}.{field.Name} is a {field.FieldType}, which is not a spec value");
            }
        }
    }

    private static bool IsValueLike(Type type, List<Type> specTypes)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsValueLike(underlying, specTypes);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            return IsValueLike(type.GetGenericArguments()[0], specTypes);
        }

        if (type.IsArray && type.DeclaringType is null)
        {
            // EquatableArray<T> keeps a T[] and compares its elements.
            return IsValueLike(type.GetElementType()!, specTypes);
        }

        return type == typeof(string) || type == typeof(int) || type == typeof(uint) || type == typeof(bool)
               || (type.IsEnum && specTypes.Contains(type))
               || (specTypes.Contains(type) && !typeof(ISymbol).IsAssignableFrom(type));
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, path));
    }
}
