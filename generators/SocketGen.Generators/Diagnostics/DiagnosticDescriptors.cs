using Microsoft.CodeAnalysis;

namespace SocketGen.Generators.Diagnostics;

/// <summary>The diagnostics about <c>[SocketContract]</c> declarations. Each id has a page in docs/rules.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SocketGen.Contracts";
    private const string HelpLinkBase = "https://github.com/socketgen/socketgen/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor ContractNotInterface = Create(
        "SG0001",
        "A socket contract must be an interface",
        "'{0}' is marked [SocketContract] but is a {1}; declare the contract as an interface");

    public static readonly DiagnosticDescriptor GenericContract = Create(
        "SG0002",
        "A socket contract cannot be generic",
        "Contract '{0}' is generic or nested in a generic type; declare a non-generic interface and use concrete types in its methods");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "SG0003",
        "A type that contains a socket contract must be partial",
        "Contract '{0}' is nested in '{1}', which is not partial; add the 'partial' modifier to '{1}' so the client and server can be generated beside the contract");

    public static readonly DiagnosticDescriptor MemberNotMethod = Create(
        "SG0004",
        "A socket contract can only declare methods",
        "'{0}' in contract '{1}' is a {2}; a contract can only declare instance methods, so turn it into a method that returns a Task");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "SG0005",
        "A contract method cannot be generic",
        "Method '{0}' is generic; the wire needs concrete types, so declare one method per type you need");

    public static readonly DiagnosticDescriptor ReturnNotAwaitable = Create(
        "SG0006",
        "A contract method must return Task, ValueTask or IAsyncEnumerable<T>",
        "Method '{0}' returns '{1}'; return Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T> because every call crosses the network");

    public static readonly DiagnosticDescriptor UnsupportedType = Create(
        "SG0007",
        "A type cannot travel on the wire",
        "The {0} of '{1}' has type '{2}', which cannot travel on the wire: {3}");

    public static readonly DiagnosticDescriptor RefParameter = Create(
        "SG0008",
        "A contract method cannot take ref, out or in parameters",
        "Parameter '{0}' of '{1}' is passed by '{2}'; remote calls copy their arguments, so pass it by value and return any result");

    public static readonly DiagnosticDescriptor CancellationTokenNotLast = Create(
        "SG0009",
        "The CancellationToken must be the last parameter",
        "Parameter '{0}' of '{1}' is a CancellationToken that is not the method's only, last one; take at most one CancellationToken, as the last parameter");

    public static readonly DiagnosticDescriptor OneWayWithResult = Create(
        "SG0010",
        "A one-way method cannot return a result",
        "Method '{0}' is [OneWay] but returns '{1}'; nothing comes back from a one-way call, so return Task or ValueTask, or remove [OneWay]");

    public static readonly DiagnosticDescriptor DuplicateMethodId = Create(
        "SG0011",
        "Two contract methods have the same id",
        "Methods '{0}' and '{1}' of contract '{2}' both have wire id {3}; give one of them a different [Method(Id = n)]");

    public static readonly DiagnosticDescriptor ReservedMethodId = Create(
        "SG0012",
        "Method id 0 is reserved",
        "Method '{0}' has [Method(Id = 0)], but id 0 is reserved; choose another id or remove Id to derive one from the signature");

    public static readonly DiagnosticDescriptor CollidingOverloads = Create(
        "SG0013",
        "Contract methods collide",
        "Methods '{0}' and '{1}' of contract '{2}' have the same name and the same parameters on the wire ({3}); rename one of them");

    public static readonly DiagnosticDescriptor ReservedMemberName = Create(
        "SG0014",
        "A contract method collides with a member of the generated client",
        "Method '{0}' has the same signature as '{1}' of the generated client; rename the method");

    public static readonly DiagnosticDescriptor FileLocalContract = Create(
        "SG0015",
        "A socket contract cannot be file-local",
        "Contract '{0}' is declared 'file'; the generated client and server live in another file and cannot see it, so give it internal or public accessibility");

    public static readonly DiagnosticDescriptor SecondStreamParameter = Create(
        "SG0016",
        "A contract method can take at most one stream parameter",
        "Parameter '{0}' of '{1}' is a second stream (IAsyncEnumerable<T> or Stream); a call carries one client stream, so merge the streams into one of a record type, or split the method");

    public static readonly DiagnosticDescriptor OneWayWithStream = Create(
        "SG0017",
        "A one-way method cannot take a stream",
        "Method '{0}' is [OneWay] but takes the stream parameter '{1}'; a stream is sent under credit the server grants, which a one-way call never waits for, so remove [OneWay]");

    public static readonly DiagnosticDescriptor CallbacksNotInterface = Create(
        "SG0030",
        "A contract's callbacks must be a non-generic interface",
        "Callbacks '{0}' of contract '{1}' is {2}; name a non-generic interface the clients implement");

    public static readonly DiagnosticDescriptor CallbackStream = Create(
        "SG0031",
        "A callback cannot return a stream",
        "Callback '{0}' returns IAsyncEnumerable<T>; a callback is a one-way notification or an awaited call with one result, so return Task, Task<T>, ValueTask or ValueTask<T>");
    public static readonly DiagnosticDescriptor BadDerivedTag = Create(
        "SG0050",
        "Derived type tags must be unique and 1 or more",
        "The [WireDerived] tag {0} of '{1}' on '{2}' {3}");

    public static readonly DiagnosticDescriptor BadDerivedType = Create(
        "SG0051",
        "A declared derived type must be a concrete type derived from the base",
        "'{0}' cannot be declared with [WireDerived] on '{1}': {2}");

    public static readonly DiagnosticDescriptor BadFault = Create(
        "SG0052",
        "A declared fault must be a concrete exception type whose data can travel",
        "'{0}' cannot be declared with [Fault] on '{1}': {2}");

    /// <summary>Every descriptor, for the analyzer's supported diagnostics.</summary>
    public static IEnumerable<DiagnosticDescriptor> All =>
    [
        ContractNotInterface, GenericContract, ContainingTypeNotPartial, MemberNotMethod, GenericMethod,
        ReturnNotAwaitable, UnsupportedType, RefParameter, CancellationTokenNotLast, OneWayWithResult,
        DuplicateMethodId, ReservedMethodId, CollidingOverloads, ReservedMemberName, FileLocalContract,
        SecondStreamParameter, OneWayWithStream,
        CallbacksNotInterface, CallbackStream,
        BadDerivedTag, BadDerivedType, BadFault,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
