using System.Net;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Native;
using SocketGen.Analyzers.Values;

namespace SocketGen.Analyzers.Addressing;

/// <summary>
/// Traces a connect argument back to "the first address a DNS lookup returned": <c>[0]</c>,
/// <c>.First()</c> or <c>.FirstOrDefault()</c> of the result of Dns.GetHostAddresses(Async) or of an
/// IPHostEntry's AddressList, directly, through an IPEndPoint, or through locals written once (so the
/// traced value is the one the local holds on every path).
/// </summary>
internal sealed class FirstResolvedAddress
{
    private const int MaxDepth = 6;

    private FirstResolvedAddress(IOperation firstAddress, IOperation? host, IOperation? port)
    {
        FirstAddress = firstAddress;
        Host = host;
        Port = port;
    }

    /// <summary>The expression that takes the first address (<c>addresses[0]</c>, <c>.First()</c>).</summary>
    public IOperation FirstAddress { get; }

    /// <summary>The host name passed to the lookup, when the lookup is visible.</summary>
    public IOperation? Host { get; }

    /// <summary>The port, when the address went through <c>new IPEndPoint(address, port)</c>.</summary>
    public IOperation? Port { get; }

    /// <summary>
    /// Traces an IPAddress or EndPoint value; null when it is not certainly the first resolved address.
    /// </summary>
    public static FirstResolvedAddress? Trace(IOperation value) => TraceAddress(value, null, 0);

    private static FirstResolvedAddress? TraceAddress(IOperation? value, IOperation? port, int depth)
    {
        value = Resolve(value, depth);
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        switch (value)
        {
            case IObjectCreationOperation { Constructor: { } constructor } creation
                when constructor.ContainingType?.ToDisplayString() == "System.Net.IPEndPoint" && creation.Arguments.Length == 2:
                var address = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                var endpointPort = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
                return address is null ? null : TraceAddress(address.Value, endpointPort?.Value, depth + 1);

            case IArrayElementReferenceOperation element
                when element.Indices.Length == 1 && element.Indices[0].ConstantValue is { HasValue: true, Value: 0 }:
                return FromLookup(element, element.ArrayReference, port, depth);

            case IInvocationOperation { TargetMethod: { Name: "First" or "FirstOrDefault" } method } invocation
                when method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && invocation.Arguments.Length == 1:
                return FromLookup(invocation, invocation.Arguments[0].Value, port, depth);

            default:
                return null;
        }
    }

    private static FirstResolvedAddress? FromLookup(IOperation firstAddress, IOperation addresses, IOperation? port, int depth)
    {
        var lookup = Resolve(addresses, depth + 1);
        if (lookup is IPropertyReferenceOperation { Property.Name: "AddressList" } addressList
            && addressList.Property.ContainingType?.ToDisplayString() == "System.Net.IPHostEntry")
        {
            lookup = Resolve(addressList.Instance, depth + 1);
        }

        if (lookup is IAwaitOperation awaited)
        {
            lookup = NativeArguments.Unwrap(awaited.Operation);
        }

        if (lookup is not IInvocationOperation { TargetMethod: { } method } call
            || method.ContainingType?.ToDisplayString() != "System.Net.Dns"
            || method.Name is not ("GetHostAddresses" or "GetHostAddressesAsync" or "GetHostEntry" or "GetHostEntryAsync"))
        {
            return null;
        }

        var host = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        if (host?.ConstantValue is { HasValue: true, Value: string literal } && IPAddress.TryParse(literal, out _))
        {
            // An address literal resolves to itself alone: there is nothing else to try.
            return null;
        }

        if (host?.Type?.SpecialType != SpecialType.System_String)
        {
            host = null;
        }

        return new FirstResolvedAddress(firstAddress, host, port);
    }

    /// <summary>Strips conversions and follows locals written once to the value they hold.</summary>
    private static IOperation? Resolve(IOperation? value, int depth)
    {
        for (var i = depth; i <= MaxDepth; i++)
        {
            value = NativeArguments.Unwrap(value);
            if (value is not ILocalReferenceOperation local)
            {
                return value;
            }

            value = SingleAssignment.ValueOf(local);
        }

        return null;
    }
}
