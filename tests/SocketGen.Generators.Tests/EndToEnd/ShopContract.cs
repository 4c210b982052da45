using SocketGen;

namespace SocketGen.Generators.Tests.EndToEnd;

// Typed faults (issue 15 §3): exception types declared with [Fault] on a method or on the contract arrive on the
// client as themselves with the data they declare; undeclared exceptions stay generic RemoteExceptions.

public sealed class OutOfStockException(string sku, int available) : Exception($"{sku} has only {available} left")
{
    public string Sku { get; } = sku;

    public int Available { get; } = available;
}

public sealed class ShopClosedException : Exception
{
    public ShopClosedException(DateOnly reopens)
        : base($"Closed until {reopens:yyyy-MM-dd}")
    {
        Reopens = reopens;
    }

    public DateOnly Reopens { get; }
}

[SocketContract]
[Fault(typeof(ShopClosedException))]
public interface IShopService
{
    [Fault(typeof(OutOfStockException))]
    Task<int> OrderAsync(string sku, int quantity);

    /// <summary>Throws <see cref="OutOfStockException"/> too, but does not declare it.</summary>
    Task<int> CountAsync(string sku);
}

public sealed class ShopService : IShopService
{
    public Task<int> OrderAsync(string sku, int quantity) => sku switch
    {
        "closed" => throw new ShopClosedException(new DateOnly(2027, 1, 4)),
        "apple" when quantity > 2 => throw new OutOfStockException(sku, 2),
        _ => Task.FromResult(quantity),
    };

    public Task<int> CountAsync(string sku) => throw new OutOfStockException(sku, 0);
}
