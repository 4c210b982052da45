using System.Net;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Addressing;

/// <summary>
/// The SG2003 analysis of one control flow graph: follows DNS lookup results and their first address
/// through locals (<see cref="ResolvedAddress"/>), and reports a connect whose address is the first
/// address of a lookup on every path that reaches it. Values are <c>[0]</c>, <c>.First()</c> or
/// <c>.FirstOrDefault()</c> of Dns.GetHostAddresses(Async) or of an IPHostEntry's AddressList, directly
/// or through <c>new IPEndPoint(address, port)</c>. Captured locals are followed into lambdas and local
/// functions by the shared flow machinery (<see cref="FlowCaptures"/>).
/// </summary>
internal sealed class FirstAddressFlow : FlowAnalysis<ResolvedAddress>
{
    private static readonly HashSet<string> TrackedTypes = new(StringComparer.Ordinal)
    {
        "System.Net.IPAddress",
        "System.Net.EndPoint",
        "System.Net.IPEndPoint",
        "System.Net.IPAddress[]",
        "System.Net.IPHostEntry",
        "System.Threading.Tasks.Task<System.Net.IPAddress[]>",
        "System.Threading.Tasks.Task<System.Net.IPHostEntry>",
    };

    // Without "?": a var local in a nullable context has an annotated type.
    private static readonly SymbolDisplayFormat TypeName = SymbolDisplayFormat.CSharpErrorMessageFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly INamedTypeSymbol _socket;
    private readonly INamedTypeSymbol? _tcpClient;
    private readonly Action<Diagnostic> _report;

    // The compiler's temporaries that hold a value other than a tracked local (a spilled await, a
    // conditional's result): known only when every definition agrees.
    private readonly Dictionary<CaptureId, ResolvedAddress> _captureValues = new();

    /// <summary>Creates the analysis of one graph.</summary>
    public FirstAddressFlow(INamedTypeSymbol socket, INamedTypeSymbol? tcpClient, Action<Diagnostic> report)
    {
        _socket = socket;
        _tcpClient = tcpClient;
        _report = report;
    }

    /// <summary>The argument of a connect call that carries the remote address, or null when the call is not a connect.</summary>
    public static IArgumentOperation? AddressArgument(IInvocationOperation invocation, INamedTypeSymbol socket, INamedTypeSymbol? tcpClient)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Connect" or "ConnectAsync" or "BeginConnect")
            || !(SymbolEqualityComparer.Default.Equals(method.ContainingType, socket) || SymbolEqualityComparer.Default.Equals(method.ContainingType, tcpClient)))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.ToDisplayString() is "System.Net.IPAddress" or "System.Net.EndPoint" or "System.Net.IPEndPoint")
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="invocation"/> is a DNS lookup this analysis follows.</summary>
    public static bool IsLookup(IInvocationOperation invocation)
        => invocation.TargetMethod.Name is "GetHostAddresses" or "GetHostAddressesAsync" or "GetHostEntry" or "GetHostEntryAsync"
            && invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.Net.Dns";

    /// <inheritdoc/>
    public override bool IsTracked(ILocalSymbol local) => TrackedTypes.Contains(local.Type.ToDisplayString(TypeName));

    /// <inheritdoc/>
    public override ResolvedAddress Join(ResolvedAddress left, ResolvedAddress right) => ResolvedAddress.Join(left, right);

    /// <inheritdoc/>
    public override bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<ResolvedAddress> state, out ResolvedAddress result)
    {
        result = Evaluate(value, state) ?? ResolvedAddress.Other;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads that cannot change the value: an address (its setters that matter are member writes, see
    /// <see cref="IsMemberWrite"/>), an element read, an await, an argument to LINQ, a connect or an
    /// IPEndPoint constructor. Anything else may change an array or an end point.
    /// </remarks>
    public override bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user)
    {
        if (local.Type.ToDisplayString(TypeName) == "System.Net.IPAddress")
        {
            return true;
        }

        switch (user)
        {
            case IAwaitOperation:
                return true;
            case IArrayElementReferenceOperation element:
                return !IsWritten(element);
            case IArgumentOperation { Parameter.RefKind: RefKind.None, Parent: IInvocationOperation invocation }:
                var type = invocation.TargetMethod.ContainingType;
                return type?.ToDisplayString() == "System.Linq.Enumerable"
                    || SymbolEqualityComparer.Default.Equals(type, _socket)
                    || SymbolEqualityComparer.Default.Equals(type, _tcpClient);
            case IArgumentOperation { Parameter.RefKind: RefKind.None, Parent: IObjectCreationOperation creation }:
                return creation.Type?.ToDisplayString() == "System.Net.IPEndPoint";
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A first address captured by a lambda is analysed as the value it has where the lambda is created,
    /// when nothing can change it before its end; a local function as the value at its calls.
    /// </remarks>
    public override bool AnalysesCapturedLocals => true;

    /// <inheritdoc/>
    public override CapturedUse ClassifyCapturedUse(ILocalSymbol local, IOperation reference)
        => IsMemberWrite(reference) ? CapturedUse.Changes : CapturedUse.Keeps;

    /// <inheritdoc/>
    public override void Transfer(IOperation operation, FlowState<ResolvedAddress> state, FlowPass pass)
    {
        switch (operation)
        {
            case IFlowCaptureOperation capture when !state.TryResolveLocal(capture.Value, out _):
                var value = Evaluate(capture.Value, state) ?? ResolvedAddress.Other;
                _captureValues[capture.Id] = _captureValues.TryGetValue(capture.Id, out var earlier) ? ResolvedAddress.Join(earlier, value) : value;
                break;
            case IMemberReferenceOperation { Instance: { } instance } member when IsWritten(member) && state.TryResolveLocal(instance, out var changed):
                // endPoint.Address = ..., endPoint.Port++: no longer the value it was.
                state.Forget(changed);
                break;
            case IInvocationOperation invocation when pass == FlowPass.Report:
                Report(invocation, state);
                break;
        }
    }

    private void Report(IInvocationOperation invocation, FlowState<ResolvedAddress> state)
    {
        var address = AddressArgument(invocation, _socket, _tcpClient);
        if (address is null || Evaluate(address.Value, state) is not { Kind: ResolvedKind.FirstAddress } first)
        {
            return;
        }

        // The fix connects by host name: it needs the host and, for an end point, the port it was made with.
        var fixInputs = first.Host is null
            ? Array.Empty<Location>()
            : first.Port is null ? new[] { first.Host.Syntax.GetLocation() } : new[] { first.Host.Syntax.GetLocation(), first.Port.Syntax.GetLocation() };
        _report(Diagnostic.Create(
            IoAndNativeRules.FirstAddressConnect,
            invocation.Syntax.GetLocation(),
            fixInputs,
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
            first.FirstAddress!.Syntax.ToString()));
    }

    /// <summary>What <paramref name="value"/> is in <paramref name="state"/>; null when it is none of the followed values.</summary>
    private ResolvedAddress? Evaluate(IOperation? value, FlowState<ResolvedAddress> state)
    {
        value = FlowLocals.SkipConversions(value);
        if (state.TryGetValue(value, out _, out var known))
        {
            return known.Kind == ResolvedKind.Other ? null : known;
        }

        switch (value)
        {
            case IFlowCaptureReferenceOperation capture when _captureValues.TryGetValue(capture.Id, out var captured):
                return captured.Kind == ResolvedKind.Other ? null : captured;

            case IObjectCreationOperation { Constructor: { } constructor } creation
                when constructor.ContainingType?.ToDisplayString() == "System.Net.IPEndPoint" && creation.Arguments.Length == 2:
                var address = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                var port = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
                return Evaluate(address?.Value, state) is { Kind: ResolvedKind.FirstAddress } first ? first.WithPort(port?.Value) : null;

            case IArrayElementReferenceOperation element
                when element.Indices.Length == 1 && element.Indices[0].ConstantValue is { HasValue: true, Value: 0 }:
                return Evaluate(element.ArrayReference, state) is { Kind: ResolvedKind.Lookup } lookup ? lookup.First(element) : null;

            case IInvocationOperation { TargetMethod: { Name: "First" or "FirstOrDefault" } method } invocation
                when method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && invocation.Arguments.Length == 1:
                return Evaluate(invocation.Arguments[0].Value, state) is { Kind: ResolvedKind.Lookup } addresses ? addresses.First(invocation) : null;

            case IPropertyReferenceOperation { Property.Name: "AddressList" } addressList
                when addressList.Property.ContainingType?.ToDisplayString() == "System.Net.IPHostEntry":
                return Evaluate(addressList.Instance, state) is { Kind: ResolvedKind.Lookup } entry ? entry : null;

            case IAwaitOperation awaited:
                return Evaluate(awaited.Operation, state) is { Kind: ResolvedKind.Lookup } task ? task : null;

            case IInvocationOperation call when IsLookup(call):
                var host = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
                if (host?.ConstantValue is { HasValue: true, Value: string literal } && IPAddress.TryParse(literal, out _))
                {
                    // An address literal resolves to itself alone: there is nothing else to try.
                    return null;
                }

                return ResolvedAddress.Lookup(host?.Type?.SpecialType == SpecialType.System_String ? host : null);

            default:
                return null;
        }
    }

    /// <summary>True when <paramref name="reference"/> is the instance of a member that is assigned (<c>endPoint.Port = 0</c>).</summary>
    private static bool IsMemberWrite(IOperation reference)
    {
        var used = reference;
        while (used.Parent is IConversionOperation or IParenthesizedOperation)
        {
            used = used.Parent;
        }

        return used.Parent is IMemberReferenceOperation member && member.Instance == used && IsWritten(member);
    }

    /// <summary>True when <paramref name="target"/> (an element or member) is assigned, incremented or passed by reference.</summary>
    private static bool IsWritten(IOperation target)
        => target.Parent is IAssignmentOperation assignment && assignment.Target == target
            || target.Parent is IIncrementOrDecrementOperation
            || target.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None };
}
