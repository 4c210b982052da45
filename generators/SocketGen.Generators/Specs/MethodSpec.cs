namespace SocketGen.Generators.Specs;

/// <summary>How a contract method's call travels.</summary>
internal enum CallKind
{
    /// <summary>A request and one response (a result, or just completion).</summary>
    Unary,

    /// <summary>A request only; nothing comes back.</summary>
    OneWay,

    /// <summary>A request and a stream of items (<c>IAsyncEnumerable&lt;T&gt;</c>, or a <c>Stream</c> result's chunks).</summary>
    Stream,

    /// <summary>A request, the client's stream (a stream parameter), and one response (wire 1.2).</summary>
    ClientStream,

    /// <summary>A request, the client's stream and the server's stream at once (wire 1.2).</summary>
    DuplexStream,
}

/// <summary>What a parameter is to the call.</summary>
internal enum ParameterRole
{
    /// <summary>An argument that travels in the request.</summary>
    Value,

    /// <summary>The call's cancellation token; it does not travel.</summary>
    CancellationToken,

    /// <summary>An <c>IAsyncEnumerable&lt;T&gt;</c>: the client's stream of items.</summary>
    ItemStream,

    /// <summary>A <c>System.IO.Stream</c>: the client's stream of bytes.</summary>
    ByteStream,
}

/// <summary>The declared return type's shape.</summary>
internal enum ReturnKind
{
    /// <summary><c>Task</c>.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    AsyncEnumerable,
}

/// <summary>One contract method.</summary>
/// <param name="Name">The method's name, escaped when it is a keyword.</param>
/// <param name="MemberStem">A name unique within the contract (overloads get a suffix), for generated members.</param>
/// <param name="Id">The wire id.</param>
/// <param name="Signature">The canonical signature the id is derived from, shown in the generated docs.</param>
/// <param name="Kind">How the call travels.</param>
/// <param name="ReturnKind">The declared return type's shape.</param>
/// <param name="ReturnType">The declared return type, <c>global::</c>-qualified with nullable annotations.</param>
/// <param name="Result">The result (or stream item), or <see langword="null"/> when there is none.</param>
/// <param name="Parameters">Every parameter, the cancellation token included.</param>
/// <param name="DeclaringInterface">The base contract that declares the method, or <see langword="null"/> when the contract itself does.</param>
/// <param name="Faults">The exception types the method declares with [Fault] (its own and the contract's), which travel typed.</param>
/// <param name="ByteStreamResult">True when the result is a <c>System.IO.Stream</c> (sent as a stream of chunks).</param>
internal sealed record MethodSpec(
    string Name,
    string MemberStem,
    uint Id,
    string Signature,
    CallKind Kind,
    ReturnKind ReturnKind,
    string ReturnType,
    WireValueSpec? Result,
    EquatableArray<ParameterSpec> Parameters,
    string? DeclaringInterface,
    EquatableArray<WireFaultSpec> Faults = default,
    bool ByteStreamResult = false)
{
    /// <summary>Whether the method is marked <c>[Idempotent]</c>: the runtime may retry or hedge it.</summary>
    public bool IsIdempotent { get; init; }

    /// <summary>The name of the cancellation token parameter, or <see langword="null"/>.</summary>
    public string? CancellationTokenName => Parameters.FirstOrDefault(p => p.Role == ParameterRole.CancellationToken)?.Name;

    /// <summary>The parameters that travel in the request (all but the cancellation token and the stream).</summary>
    public IEnumerable<ParameterSpec> WireParameters => Parameters.Where(p => p.Role == ParameterRole.Value);

    /// <summary>The client stream parameter, or <see langword="null"/> when the method takes none.</summary>
    public ParameterSpec? StreamParameter => Parameters.FirstOrDefault(p => p.Role is ParameterRole.ItemStream or ParameterRole.ByteStream);
}

/// <summary>One parameter of a contract method.</summary>
/// <param name="Name">The parameter's name, escaped when it is a keyword.</param>
/// <param name="Type">The declared type, <c>global::</c>-qualified with nullable annotations.</param>
/// <param name="DefaultValue">The default value as a C# expression, or <see langword="null"/> when it has none.</param>
/// <param name="Wire">How the value (or a stream's item) travels; <see langword="null"/> for the cancellation token and a byte stream.</param>
/// <param name="Role">What the parameter is to the call.</param>
internal sealed record ParameterSpec(string Name, string Type, string? DefaultValue, WireValueSpec? Wire, ParameterRole Role = ParameterRole.Value);
