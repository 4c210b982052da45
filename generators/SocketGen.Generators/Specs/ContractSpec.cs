namespace SocketGen.Generators.Specs;

/// <summary>
/// Everything the emitter needs to write the client, server and codecs of one contract. Holds only
/// strings, numbers and <see cref="EquatableArray{T}"/>s, never a symbol, syntax node, location or
/// compilation: the incremental driver caches it by value, and anything compared by reference would
/// make every keystroke regenerate the output.
/// </summary>
/// <param name="HintName">The generated file's name, unique within the compilation.</param>
/// <param name="Namespace">The contract's namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The types the contract is nested in, outermost first.</param>
/// <param name="Accessibility">The contract's declared accessibility, given to the client and server.</param>
/// <param name="CodecsAccessibility">The accessibility of the codecs class: the contract's, but never public.</param>
/// <param name="InterfaceType">The contract interface, <c>global::</c>-qualified.</param>
/// <param name="ContractName">The contract's name as the server reports it (namespace-qualified, no <c>global::</c>).</param>
/// <param name="ClientName">The generated client's name (<c>CalculatorClient</c> for <c>ICalculator</c>).</param>
/// <param name="ServerName">The generated server's name.</param>
/// <param name="CodecsName">The generated codecs class's name.</param>
/// <param name="Methods">The contract's methods, its own first, then those of its base contracts.</param>
/// <param name="WireTypes">Every composite type that needs its own codec methods, in order of discovery.</param>
/// <param name="ReferencesHosting">Whether the compilation references SocketGen.Hosting, so the dependency-injection extensions are emitted too.</param>
/// <param name="Callbacks">The interface the contract's clients implement for calls from the server, or <see langword="null"/>.</param>
/// <param name="Enums">Every enum that travels, with its members (for the wire baseline, not the emitter).</param>
internal sealed record ContractSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Accessibility,
    string CodecsAccessibility,
    string InterfaceType,
    string ContractName,
    string ClientName,
    string ServerName,
    string CodecsName,
    EquatableArray<MethodSpec> Methods,
    EquatableArray<WireTypeSpec> WireTypes,
    bool ReferencesHosting = false,
    CallbacksSpec? Callbacks = null,
    EquatableArray<EnumSpec> Enums = default)
{
    /// <summary>The codecs class, <c>global::</c>-qualified, as the client and server refer to it.</summary>
    public string CodecsType => ContainingPrefix + CodecsName;

    private string ContainingPrefix
    {
        get
        {
            var prefix = Namespace is null ? "global::" : "global::" + Namespace + ".";
            foreach (var containing in ContainingTypes)
            {
                prefix += containing.Name + ".";
            }

            return prefix;
        }
    }
}

/// <summary>A type that contains a nested contract; the generated types are nested in it too.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>The interface a contract's clients implement, for calls the server makes to them (wire 1.2).</summary>
/// <param name="InterfaceType">The callbacks interface, <c>global::</c>-qualified.</param>
/// <param name="Name">The callbacks interface's name as messages show it (namespace-qualified, no <c>global::</c>).</param>
/// <param name="Methods">Its methods (unary and one-way), with member stems that do not collide with the contract's own in the codecs class.</param>
internal sealed record CallbacksSpec(string InterfaceType, string Name, EquatableArray<MethodSpec> Methods);
