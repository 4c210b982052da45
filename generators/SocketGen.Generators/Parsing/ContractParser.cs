using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Diagnostics;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// Reads a <c>[SocketContract]</c> type's symbols once and turns them into a <see cref="ContractSpec"/>,
/// or into the diagnostics that explain why it cannot be generated. This is the only place that sees
/// symbols and syntax; nothing it returns to the generator holds either.
/// </summary>
internal sealed class ContractParser
{
    /// <summary>The metadata name of <c>[SocketContract]</c>.</summary>
    public const string ContractAttributeName = "SocketGen.SocketContractAttribute";

    private const string OneWayAttributeName = "SocketGen.OneWayAttribute";
    private const string IdempotentAttributeName = "SocketGen.IdempotentAttribute";
    private const string MethodAttributeName = "SocketGen.MethodAttribute";
    private const string FaultAttributeName = "SocketGen.FaultAttribute";

    private readonly INamedTypeSymbol _contract;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<AttributeData> _reportedFaults = [];
    private readonly WireTypeParser _wireTypes;
    private readonly Location _contractLocation;
    private bool _hasSilentError;

    private ContractParser(INamedTypeSymbol contract, Compilation compilation, CancellationToken cancellationToken, WireTypeParser? wireTypes = null)
    {
        _contract = contract;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
        _wireTypes = wireTypes ?? new WireTypeParser(contract, compilation, cancellationToken);
        _contractLocation = contract.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
    }

    /// <summary>Parses <paramref name="contract"/>, a type marked <c>[SocketContract]</c>.</summary>
    public static ContractParseResult Parse(INamedTypeSymbol contract, Compilation compilation, CancellationToken cancellationToken)
        => new ContractParser(contract, compilation, cancellationToken).Parse();

    private ContractParseResult Parse()
    {
        // Half-typed code (no name yet, the attribute given twice) already has a compiler error; add nothing.
        var contractAttributes = _contract.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == ContractAttributeName);
        if (_contract.Name.Length == 0 || contractAttributes != 1)
        {
            return new ContractParseResult(null, ImmutableArray<Diagnostic>.Empty);
        }

        var containingTypes = ParseDeclaration();
        if (containingTypes is null || _diagnostics.Count > 0)
        {
            return Failed();
        }

        var methods = ParseMethods();
        var callbacks = ParseCallbacks(methods);
        _diagnostics.AddRange(_wireTypes.Diagnostics);
        if (_diagnostics.Count > 0 || _hasSilentError)
        {
            return Failed();
        }

        var baseName = BaseName();
        var accessibility = TypeNames.Accessibility(_contract.DeclaredAccessibility);
        var spec = new ContractSpec(
            HintName: HintName(),
            Namespace: _contract.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(TypeNames.Code).Replace("global::", "") : null,
            ContainingTypes: containingTypes.ToEquatableArray(),
            Accessibility: accessibility,
            CodecsAccessibility: accessibility == "public" ? "internal" : accessibility,
            InterfaceType: TypeNames.ForCode(_contract),
            ContractName: _contract.ToDisplayString(TypeNames.Canonical),
            ClientName: baseName + "Client",
            ServerName: baseName + "Server",
            CodecsName: baseName + "Codecs",
            Methods: methods.ToEquatableArray(),
            WireTypes: _wireTypes.Types,
            ReferencesHosting: _compilation.GetTypeByMetadataName(Emitting.HostingEmitter.MarkerTypeName) is not null,
            Callbacks: callbacks,
            Enums: _wireTypes.Enums);
        return new ContractParseResult(spec, ImmutableArray<Diagnostic>.Empty);
    }

    /// <summary>
    /// The interface named by <c>[SocketContract(Callbacks = typeof(...))]</c>, parsed with the contract's rules
    /// (its types share the contract's codecs) plus its own: it is a non-generic interface, and its methods are
    /// unary or one-way. Returns null when there is none or it has an error (then reported).
    /// </summary>
    private CallbacksSpec? ParseCallbacks(List<MethodSpec> contractMethods)
    {
        var attribute = _contract.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == ContractAttributeName);
        var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Callbacks");
        if (argument.Key is null || argument.Value.Value is not ITypeSymbol type)
        {
            return null;
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? _contractLocation;
        if (type.TypeKind == TypeKind.Error)
        {
            _hasSilentError = true;
            return null;
        }

        if (type is not INamedTypeSymbol callbacks || callbacks.TypeKind != TypeKind.Interface || callbacks.IsGenericType || callbacks.ContainingType?.IsGenericType == true)
        {
            var what = type.TypeKind == TypeKind.Interface ? "a generic interface" : "a " + (type.IsRecord ? "record" : type.TypeKind.ToString().ToLowerInvariant());
            Report(DiagnosticDescriptors.CallbacksNotInterface, location, TypeNames.ForMessage(type), _contract.Name, what);
            return null;
        }

        var parser = new ContractParser(callbacks, _compilation, _cancellationToken, _wireTypes);
        var methods = parser.ParseMethods();
        _diagnostics.AddRange(parser._diagnostics);
        _hasSilentError |= parser._hasSilentError;
        foreach (var method in methods.Where(m => m.Kind == CallKind.Stream))
        {
            var symbol = callbacks.GetMembers(method.Name.TrimStart('@')).FirstOrDefault() ?? callbacks;
            Report(DiagnosticDescriptors.CallbackStream, symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? location, method.Name.TrimStart('@'));
        }

        // The callbacks' codec members live in the contract's codecs class beside the contract's own.
        var taken = new HashSet<string>(contractMethods.Select(m => m.MemberStem), StringComparer.Ordinal);
        var stems = methods.Select(m => m with { MemberStem = TypeNames.Unique("Callback" + m.MemberStem, taken) }).ToList();
        return new CallbacksSpec(TypeNames.ForCode(callbacks), callbacks.ToDisplayString(TypeNames.Canonical), stems.ToEquatableArray());
    }

    /// <summary>The contract's name without its leading I: <c>Calculator</c> for <c>ICalculator</c>.</summary>
    private string BaseName()
        => _contract.Name.Length > 1 && _contract.Name[0] == 'I' && char.IsUpper(_contract.Name[1])
            ? _contract.Name.Substring(1)
            : _contract.Name;

    private string ClientName() => BaseName() + "Client";

    private ContractParseResult Failed() => new(null, _diagnostics.ToImmutableArray());

    private string HintName()
    {
        var name = _contract.ToDisplayString(TypeNames.Canonical);
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_').ToArray());
        return safe + ".SocketGen.g.cs";
    }

    /// <summary>Checks the contract type itself; returns its containing types, or null when it cannot be generated.</summary>
    private List<ContainingTypeSpec>? ParseDeclaration()
    {
        if (_contract.TypeKind != TypeKind.Interface)
        {
            var kind = _contract.IsRecord ? "record" : _contract.TypeKind.ToString().ToLowerInvariant();
            Report(DiagnosticDescriptors.ContractNotInterface, _contractLocation, _contract.Name, kind);
            return null;
        }

        if (_contract.IsFileLocal)
        {
            Report(DiagnosticDescriptors.FileLocalContract, _contractLocation, _contract.Name);
            return null;
        }

        var containingTypes = new List<ContainingTypeSpec>();
        var generic = _contract.TypeParameters.Length > 0;
        for (var containing = _contract.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            generic |= containing.TypeParameters.Length > 0;
            var declarations = containing.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            if (declarations.Count == 0)
            {
                return null;
            }

            if (!declarations.All(d => d.Modifiers.Any(m => m.ValueText == "partial")))
            {
                Report(DiagnosticDescriptors.ContainingTypeNotPartial, _contractLocation, _contract.Name, containing.Name);
            }

            containingTypes.Insert(0, new ContainingTypeSpec(Keyword(declarations[0]), TypeNames.Escape(containing.Name)));
        }

        if (generic)
        {
            Report(DiagnosticDescriptors.GenericContract, _contractLocation, _contract.Name);
        }

        return containingTypes;
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.ValueText == "struct" ? "record struct" : "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private List<MethodSpec> ParseMethods()
    {
        var parsed = new List<(IMethodSymbol Symbol, MethodSpec Spec)>();
        var declaringTypes = new[] { _contract }.Concat(_contract.AllInterfaces.Where(i => i.ToDisplayString() != "System.IAsyncDisposable"));
        foreach (var declaring in declaringTypes)
        {
            foreach (var member in declaring.GetMembers())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var spec = ParseMember(declaring, member);
                if (spec is not null)
                {
                    parsed.Add(((IMethodSymbol)member, spec));
                }
            }
        }

        CheckCollisions(parsed, ClientName());
        return AssignStems(parsed.Select(p => p.Spec).ToList());
    }

    private MethodSpec? ParseMember(INamedTypeSymbol declaring, ISymbol member)
    {
        var displayName = DisplayName(declaring, member);
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: false } method:
                return ParseMethod(declaring, method, displayName);
            case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: true, IsStatic: true }:
                Report(DiagnosticDescriptors.MemberNotMethod, LocationOf(declaring, member), displayName, _contract.Name, "static abstract method");
                return null;
            case IPropertySymbol { IsAbstract: true } property:
                Report(DiagnosticDescriptors.MemberNotMethod, LocationOf(declaring, member), displayName, _contract.Name, property.IsIndexer ? "indexer" : "property");
                return null;
            case IEventSymbol { IsAbstract: true }:
                Report(DiagnosticDescriptors.MemberNotMethod, LocationOf(declaring, member), displayName, _contract.Name, "event");
                return null;
            default:
                // Default implementations, static helpers, nested types and accessors are not calls.
                return null;
        }
    }

    private MethodSpec? ParseMethod(INamedTypeSymbol declaring, IMethodSymbol method, string displayName)
    {
        var errorsBefore = _diagnostics.Count;
        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericMethod, LocationOf(declaring, method), displayName);
            return null;
        }

        var returnLocation = ReturnTypeLocation(declaring, method);
        var returnKind = ClassifyReturn(method.ReturnType, out var resultType);
        if (returnKind is null)
        {
            if (method.ReturnType.TypeKind == TypeKind.Error)
            {
                _hasSilentError = true;
            }
            else
            {
                Report(DiagnosticDescriptors.ReturnNotAwaitable, returnLocation, displayName, TypeNames.ForMessage(method.ReturnType));
            }

            return null;
        }

        var isOneWay = HasAttribute(method, OneWayAttributeName);
        if (isOneWay && resultType is not null)
        {
            Report(DiagnosticDescriptors.OneWayWithResult, returnLocation, displayName, TypeNames.ForMessage(method.ReturnType));
        }

        var parameters = new List<ParameterSpec>();
        var canonicalParameters = new List<string>();
        string? streamParameter = null;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var name = TypeNames.Escape(parameter.Name);
            if (parameter.RefKind != RefKind.None)
            {
                var refKind = parameter.RefKind switch
                {
                    RefKind.Out => "out",
                    RefKind.In => "in",
                    RefKind.Ref => "ref",
                    _ => "ref readonly",
                };
                Report(DiagnosticDescriptors.RefParameter, ParameterLocation(declaring, parameter, typeOnly: false), parameter.Name, displayName, refKind);
                continue;
            }

            if (IsCancellationToken(parameter.Type))
            {
                if (i != method.Parameters.Length - 1)
                {
                    Report(DiagnosticDescriptors.CancellationTokenNotLast, ParameterLocation(declaring, parameter, typeOnly: false), parameter.Name, displayName);
                }

                parameters.Add(new ParameterSpec(name, TypeNames.ForCode(parameter.Type), DefaultValueFormatter.Format(parameter), null, ParameterRole.CancellationToken));
                continue;
            }

            var streamRole = StreamRole(parameter.Type, out var streamItemType);
            if (streamRole is not null)
            {
                if (streamParameter is not null)
                {
                    Report(DiagnosticDescriptors.SecondStreamParameter, ParameterLocation(declaring, parameter, typeOnly: false), parameter.Name, displayName);
                    continue;
                }

                streamParameter = parameter.Name;
                WireValueSpec? itemWire = null;
                if (streamItemType is not null)
                {
                    itemWire = _wireTypes.Parse(streamItemType, out var itemError);
                    if (itemWire is null)
                    {
                        ReportType(itemError, ParameterLocation(declaring, parameter, typeOnly: true), $"stream item of parameter '{parameter.Name}'", displayName, streamItemType);
                        continue;
                    }
                }

                parameters.Add(new ParameterSpec(name, TypeNames.ForCode(parameter.Type), DefaultValueFormatter.Format(parameter), itemWire, streamRole.Value));
                canonicalParameters.Add(streamItemType is null ? "System.IO.Stream" : "stream " + streamItemType.ToDisplayString(TypeNames.Canonical));
                continue;
            }

            var wire = _wireTypes.Parse(parameter.Type, out var error);
            if (wire is null)
            {
                ReportType(error, ParameterLocation(declaring, parameter, typeOnly: true), $"parameter '{parameter.Name}'", displayName, parameter.Type);
                continue;
            }

            parameters.Add(new ParameterSpec(name, TypeNames.ForCode(parameter.Type), DefaultValueFormatter.Format(parameter), wire));
            canonicalParameters.Add(parameter.Type.ToDisplayString(TypeNames.Canonical));
        }

        if (isOneWay && streamParameter is not null)
        {
            Report(DiagnosticDescriptors.OneWayWithStream, LocationOf(declaring, method), displayName, streamParameter);
        }

        WireValueSpec? result = null;
        var byteStreamResult = returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT && resultType is not null && IsByteStream(resultType);
        if (resultType is not null && !byteStreamResult)
        {
            result = _wireTypes.Parse(resultType, out var error);
            if (result is null)
            {
                var what = returnKind == ReturnKind.AsyncEnumerable ? "stream item" : "result";
                ReportType(error, returnLocation, what, displayName, resultType);
            }
        }

        var faults = ParseFaults(declaring, method, displayName);
        var id = ExplicitId(method, declaring, displayName);
        if (_diagnostics.Count > errorsBefore || _hasSilentError)
        {
            return null;
        }

        var streamsResult = returnKind == ReturnKind.AsyncEnumerable || byteStreamResult;
        var kind = (streamsResult, streamParameter is not null) switch
        {
            (true, true) => CallKind.DuplexStream,
            (true, false) => CallKind.Stream,
            (false, true) => CallKind.ClientStream,
            _ => isOneWay ? CallKind.OneWay : CallKind.Unary,
        };
        var resultPart = kind switch
        {
            CallKind.OneWay => "oneway",
            _ when returnKind == ReturnKind.AsyncEnumerable => "stream " + resultType!.ToDisplayString(TypeNames.Canonical),
            _ => resultType?.ToDisplayString(TypeNames.Canonical) ?? "void",
        };
        var signature = $"{resultPart} {method.Name}({string.Join(", ", canonicalParameters)})";
        return new MethodSpec(
            Name: TypeNames.Escape(method.Name),
            MemberStem: method.Name,
            Id: id ?? MethodIds.FromSignature(signature),
            Signature: signature,
            Kind: kind,
            ReturnKind: returnKind.Value,
            ReturnType: TypeNames.ForCode(method.ReturnType),
            Result: result,
            Parameters: parameters.ToEquatableArray(),
            DeclaringInterface: SymbolEqualityComparer.Default.Equals(declaring, _contract) ? null : TypeNames.ForCode(declaring),
            Faults: faults,
            ByteStreamResult: byteStreamResult)
        {
            IsIdempotent = HasAttribute(method, IdempotentAttributeName),
        };
    }

    /// <summary>The faults a method declares, on itself, its interface or the contract; bad declarations are reported.</summary>
    private EquatableArray<WireFaultSpec> ParseFaults(INamedTypeSymbol declaring, IMethodSymbol method, string displayName)
    {
        var faults = new List<WireFaultSpec>();
        var attributes = method.GetAttributes()
            .Concat(declaring.GetAttributes())
            .Concat(SymbolEqualityComparer.Default.Equals(declaring, _contract) ? Enumerable.Empty<AttributeData>() : _contract.GetAttributes())
            .Where(a => a.AttributeClass?.ToDisplayString() == FaultAttributeName);
        foreach (var attribute in attributes)
        {
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol { TypeKind: not TypeKind.Error } type)
            {
                // typeof of a type that does not resolve: the compiler reports it.
                _hasSilentError = true;
                continue;
            }

            var fault = _wireTypes.ParseFault(type, out var why);
            if (fault is null && _reportedFaults.Add(attribute))
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? Location.None;
                Report(DiagnosticDescriptors.BadFault, location, TypeNames.ForMessage(type), displayName, why ?? "");
            }
            else if (fault is not null && !faults.Contains(fault))
            {
                faults.Add(fault);
            }
        }

        return faults.ToEquatableArray();
    }

    /// <summary>
    /// Whether a parameter type is a client stream: <c>IAsyncEnumerable&lt;T&gt;</c> (items, with
    /// <paramref name="itemType"/>) or <c>System.IO.Stream</c> (bytes, no item type).
    /// </summary>
    private static ParameterRole? StreamRole(ITypeSymbol type, out ITypeSymbol? itemType)
    {
        itemType = null;
        if (type is INamedTypeSymbol named && named.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>")
        {
            itemType = named.TypeArguments[0];
            return ParameterRole.ItemStream;
        }

        return IsByteStream(type) ? ParameterRole.ByteStream : null;
    }

    private static bool IsByteStream(ITypeSymbol type) => type.ToDisplayString() == "System.IO.Stream";

    private uint? ExplicitId(IMethodSymbol method, INamedTypeSymbol declaring, string displayName)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == MethodAttributeName);
        if (attribute is null)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Id" && argument.Value.Value is uint id)
            {
                if (id == 0)
                {
                    var location = SymbolEqualityComparer.Default.Equals(declaring, _contract)
                        ? attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? LocationOf(declaring, method)
                        : _contractLocation;
                    Report(DiagnosticDescriptors.ReservedMethodId, location, displayName);
                    return null;
                }

                return id;
            }
        }

        return null;
    }

    private void CheckCollisions(List<(IMethodSymbol Symbol, MethodSpec Spec)> methods, string clientName)
    {
        var flagged = new HashSet<MethodSpec>();
        for (var i = 0; i < methods.Count; i++)
        {
            var (symbol, spec) = methods[i];
            var reserved = symbol.Name == clientName ? "the client type " + clientName : ReservedClientMember(symbol);
            if (reserved is not null)
            {
                Report(DiagnosticDescriptors.ReservedMemberName, LocationOf(symbol.ContainingType, symbol), DisplayName(symbol.ContainingType, symbol), reserved);
                flagged.Add(spec);
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                var (otherSymbol, other) = methods[j];
                if (flagged.Contains(other))
                {
                    continue;
                }

                if (other.MemberStem == spec.MemberStem && WireParameterList(other) == WireParameterList(spec))
                {
                    Report(DiagnosticDescriptors.CollidingOverloads, LocationOf(symbol.ContainingType, symbol), DisplayName(otherSymbol.ContainingType, otherSymbol), DisplayName(symbol.ContainingType, symbol), _contract.Name, "(" + WireParameterList(spec) + ")");
                    flagged.Add(spec);
                    break;
                }

                if (other.Id == spec.Id)
                {
                    Report(DiagnosticDescriptors.DuplicateMethodId, LocationOf(symbol.ContainingType, symbol), DisplayName(otherSymbol.ContainingType, otherSymbol), DisplayName(symbol.ContainingType, symbol), _contract.Name, spec.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    flagged.Add(spec);
                    break;
                }
            }
        }
    }

    private static string WireParameterList(MethodSpec method)
    {
        var start = method.Signature.IndexOf('(');
        return method.Signature.Substring(start + 1, method.Signature.Length - start - 2);
    }

    /// <summary>The generated client member this method would clash with, if any.</summary>
    private static string? ReservedClientMember(IMethodSymbol method)
    {
        var parameters = method.Parameters;
        switch (method.Name)
        {
            case "DisposeAsync" or "ToString" or "GetHashCode" or "GetType" or "MemberwiseClone" or "Finalize" when parameters.Length == 0:
                return method.Name + "()";
            case "Equals" when parameters.Length is 1 or 2 && parameters.All(p => p.Type.SpecialType == SpecialType.System_Object):
            case "ReferenceEquals" when parameters.Length == 2 && parameters.All(p => p.Type.SpecialType == SpecialType.System_Object):
                return method.Name + "(" + string.Join(", ", parameters.Select(_ => "object")) + ")";
            default:
                return null;
        }
    }

    /// <summary>Gives overloads distinct stems for the generated member names (<c>Send</c>, <c>Send2</c>).</summary>
    private static List<MethodSpec> AssignStems(List<MethodSpec> methods)
    {
        var taken = new HashSet<string>(methods.Select(m => m.MemberStem), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<MethodSpec>(methods.Count);
        foreach (var method in methods)
        {
            var stem = method.MemberStem;
            if (!seen.Add(stem))
            {
                stem = TypeNames.Unique(stem, taken);
            }

            result.Add(method with { MemberStem = stem });
        }

        return result;
    }

    private static ReturnKind? ClassifyReturn(ITypeSymbol returnType, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (returnType is not INamedTypeSymbol named)
        {
            return null;
        }

        var definition = named.OriginalDefinition.ToDisplayString();
        switch (definition)
        {
            case "System.Threading.Tasks.Task":
                return ReturnKind.Task;
            case "System.Threading.Tasks.ValueTask":
                return ReturnKind.ValueTask;
            case "System.Threading.Tasks.Task<TResult>":
                resultType = named.TypeArguments[0];
                return ReturnKind.TaskOfT;
            case "System.Threading.Tasks.ValueTask<TResult>":
                resultType = named.TypeArguments[0];
                return ReturnKind.ValueTaskOfT;
            case "System.Collections.Generic.IAsyncEnumerable<T>":
                resultType = named.TypeArguments[0];
                return ReturnKind.AsyncEnumerable;
            default:
                return null;
        }
    }

    private static bool IsCancellationToken(ITypeSymbol type)
        => type.ToDisplayString() == "System.Threading.CancellationToken";

    private static bool HasAttribute(ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    private string DisplayName(INamedTypeSymbol declaring, ISymbol member)
        => SymbolEqualityComparer.Default.Equals(declaring, _contract) ? member.Name : declaring.Name + "." + member.Name;

    /// <summary>Where a member is declared, when that is the contract itself; the contract's name otherwise.</summary>
    private Location LocationOf(INamedTypeSymbol declaring, ISymbol member)
        => SymbolEqualityComparer.Default.Equals(declaring, _contract)
            ? member.Locations.FirstOrDefault(l => l.IsInSource) ?? _contractLocation
            : _contractLocation;

    private Location ReturnTypeLocation(INamedTypeSymbol declaring, IMethodSymbol method)
    {
        if (SymbolEqualityComparer.Default.Equals(declaring, _contract)
            && method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is MethodDeclarationSyntax syntax)
        {
            return syntax.ReturnType.GetLocation();
        }

        return LocationOf(declaring, method);
    }

    private Location ParameterLocation(INamedTypeSymbol declaring, IParameterSymbol parameter, bool typeOnly)
    {
        if (SymbolEqualityComparer.Default.Equals(declaring, _contract)
            && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is ParameterSyntax syntax)
        {
            return typeOnly && syntax.Type is not null ? syntax.Type.GetLocation() : syntax.GetLocation();
        }

        return LocationOf(declaring, parameter.ContainingSymbol);
    }

    private void ReportType(WireTypeError? error, Location location, string what, string method, ITypeSymbol type)
    {
        if (error is null || error.IsSilent)
        {
            _hasSilentError = true;
            return;
        }

        Report(DiagnosticDescriptors.UnsupportedType, location, what, method, TypeNames.ForMessage(type), error.Describe(TypeNames.ForMessage(type)));
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments)
        => _diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));
}
