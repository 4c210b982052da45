using Microsoft.Extensions.Logging;
using SocketGen;

namespace HostedServer;

/// <summary>The contract: the generator writes CalculatorClient and CalculatorServer from it.</summary>
[SocketContract]
public interface ICalculator
{
    Task<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    Task<string> GreetAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>The implementation the hosted server runs; the container constructs it, so it can take services.</summary>
public sealed class Calculator(ILogger<Calculator> logger) : ICalculator
{
    public Task<int> AddAsync(int a, int b, CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Adding {A} and {B}", a, b);
        return Task.FromResult(a + b);
    }

    public Task<string> GreetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult($"Hello, {name}, over TLS.");
}
