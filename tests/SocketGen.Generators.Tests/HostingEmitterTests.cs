using Microsoft.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using SocketGen.Hosting;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

public class HostingEmitterTests
{
    private const string Contract = """
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Hosted
        {
            [SocketContract]
            public interface ICalculator
            {
                Task<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);
            }

            public sealed class Calculator : ICalculator
            {
                public Task<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => Task.FromResult(a + b);
            }

            public static class Startup
            {
                public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
                {
                    services.AddCalculatorServer<Calculator>(options => options.Listen("127.0.0.1:0"));
                    services.AddCalculatorClient(options => options.Connect("127.0.0.1:5000"));
                }
            }
        }
        """;

    [Fact]
    public void With_SocketGen_Hosting_referenced_the_DI_extensions_are_generated_and_compile()
    {
        MetadataReference[] references =
        [
            .. GeneratorHarness.References,
            TestCompilation.ReferenceTo(typeof(SocketGenServiceCollectionExtensions)),
            TestCompilation.ReferenceTo(typeof(IServiceCollection)),
        ];
        var outcome = GeneratorHarness.Run(TestCompilation.Create([Contract], references));

        outcome.AssertCompilesWithoutWarnings();
        string hosting = Assert.Single(outcome.Sources, s => s.Key.EndsWith(".SocketGen.Hosting.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddCalculatorServer<", hosting, StringComparison.Ordinal);
        Assert.Contains("global::Demo.Hosted.CalculatorServer.StartAsync", hosting, StringComparison.Ordinal);
        Assert.Contains("AddCalculatorClient(", hosting, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_SocketGen_Hosting_no_DI_extensions_are_generated()
    {
        const string contract = """
            using System.Threading.Tasks;
            using SocketGen;

            [SocketContract]
            public interface IPlain
            {
                Task<int> GetAsync();
            }
            """;
        var outcome = GeneratorHarness.Run(contract);

        outcome.AssertCompilesWithoutWarnings();
        Assert.DoesNotContain(outcome.Sources.Keys, k => k.Contains("Hosting", StringComparison.Ordinal));
    }
}
