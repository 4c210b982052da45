namespace SocketGen;

/// <summary>
/// Declares an exception type a contract method may fail with, so that it reaches the client as that type with
/// the data it declares (its public properties that a constructor or setters take) instead of as a
/// <see cref="RemoteException"/>. On the interface it applies to every method of the contract.
/// </summary>
/// <remarks>
/// A declared fault carries exactly its data, whatever <see cref="SocketServerOptions.IncludeExceptionDetails"/>
/// says: no server message or stack trace beyond what the type declares. Other exceptions still arrive as
/// <see cref="RemoteException"/>. The exception's exact type must be declared; a type derived from it is not.
/// </remarks>
/// <example>
/// <code>
/// public sealed class OutOfStockException(string sku, int available) : Exception($"{sku}: {available} left")
/// {
///     public string Sku { get; } = sku;
///     public int Available { get; } = available;
/// }
///
/// [SocketContract]
/// public interface IShop
/// {
///     [Fault(typeof(OutOfStockException))]
///     Task OrderAsync(string sku, int quantity);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class FaultAttribute : Attribute
{
    /// <summary>Declares <paramref name="exceptionType"/> as a typed fault.</summary>
    /// <param name="exceptionType">A concrete exception type whose public properties can travel on the wire.</param>
    public FaultAttribute(Type exceptionType) => ExceptionType = exceptionType;

    /// <summary>The declared exception type.</summary>
    public Type ExceptionType { get; }
}
