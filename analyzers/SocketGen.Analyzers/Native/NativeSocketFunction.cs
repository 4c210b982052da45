using System;
using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Native;

/// <summary>The BSD socket functions the native rules know, with where their address arguments sit.</summary>
internal enum NativeSocketFunctionKind
{
    /// <summary>Not a socket function the rules know.</summary>
    None,

    /// <summary>accept(fd, addr, addrlen*).</summary>
    Accept,

    /// <summary>accept4(fd, addr, addrlen*, flags).</summary>
    Accept4,

    /// <summary>getpeername(fd, addr, addrlen*).</summary>
    GetPeerName,

    /// <summary>getsockname(fd, addr, addrlen*).</summary>
    GetSockName,

    /// <summary>recvfrom(fd, buf, len, flags, src_addr, addrlen*).</summary>
    RecvFrom,

    /// <summary>bind(fd, addr, addrlen).</summary>
    Bind,

    /// <summary>connect(fd, addr, addrlen).</summary>
    Connect,

    /// <summary>sendto(fd, buf, len, flags, dest_addr, addrlen).</summary>
    SendTo,
}

/// <summary>
/// Recognises a P/Invoke of a BSD socket function by its entry point (DllImport or LibraryImport;
/// EntryPoint when given, else the method name), whatever library it names, so hand-written
/// bindings are covered as well as well-known ones.
/// </summary>
internal readonly struct NativeSocketFunction
{
    private NativeSocketFunction(NativeSocketFunctionKind kind, int addressOrdinal, int lengthOrdinal)
    {
        Kind = kind;
        AddressOrdinal = addressOrdinal;
        LengthOrdinal = lengthOrdinal;
    }

    /// <summary>Which function this is; <see cref="NativeSocketFunctionKind.None"/> when none.</summary>
    public NativeSocketFunctionKind Kind { get; }

    /// <summary>The parameter ordinal of the sockaddr pointer.</summary>
    public int AddressOrdinal { get; }

    /// <summary>The parameter ordinal of the address length (a socklen_t, or a pointer to one).</summary>
    public int LengthOrdinal { get; }

    /// <summary>True for the functions whose address length is value-result (passed by pointer).</summary>
    public bool LengthIsValueResult => Kind == NativeSocketFunctionKind.Accept
        || Kind == NativeSocketFunctionKind.Accept4
        || Kind == NativeSocketFunctionKind.GetPeerName
        || Kind == NativeSocketFunctionKind.GetSockName
        || Kind == NativeSocketFunctionKind.RecvFrom;

    /// <summary>True for bind, connect and sendto, which read an address and its length.</summary>
    public bool LengthIsInput => Kind == NativeSocketFunctionKind.Bind
        || Kind == NativeSocketFunctionKind.Connect
        || Kind == NativeSocketFunctionKind.SendTo;

    /// <summary>The native function name as the C library spells it.</summary>
    public string NativeName
    {
        get
        {
            switch (Kind)
            {
                case NativeSocketFunctionKind.Accept: return "accept";
                case NativeSocketFunctionKind.Accept4: return "accept4";
                case NativeSocketFunctionKind.GetPeerName: return "getpeername";
                case NativeSocketFunctionKind.GetSockName: return "getsockname";
                case NativeSocketFunctionKind.RecvFrom: return "recvfrom";
                case NativeSocketFunctionKind.Bind: return "bind";
                case NativeSocketFunctionKind.Connect: return "connect";
                case NativeSocketFunctionKind.SendTo: return "sendto";
                default: return string.Empty;
            }
        }
    }

    /// <summary>
    /// Recognises <paramref name="method"/> as a P/Invoke of a known socket function whose parameter
    /// list is long enough to hold the address and its length; <see cref="NativeSocketFunctionKind.None"/> otherwise.
    /// </summary>
    public static NativeSocketFunction From(IMethodSymbol? method)
    {
        if (method is null)
        {
            return default;
        }

        var entryPoint = GetEntryPoint(method);
        if (entryPoint is null)
        {
            return default;
        }

        var function = ForEntryPoint(entryPoint);
        if (function.Kind == NativeSocketFunctionKind.None
            || method.Parameters.Length <= Math.Max(function.AddressOrdinal, function.LengthOrdinal))
        {
            return default;
        }

        return function;
    }

    /// <summary>The known function with this C name, or none.</summary>
    public static NativeSocketFunction ForEntryPoint(string entryPoint)
    {
        switch (entryPoint)
        {
            case "accept": return new NativeSocketFunction(NativeSocketFunctionKind.Accept, 1, 2);
            case "accept4": return new NativeSocketFunction(NativeSocketFunctionKind.Accept4, 1, 2);
            case "getpeername": return new NativeSocketFunction(NativeSocketFunctionKind.GetPeerName, 1, 2);
            case "getsockname": return new NativeSocketFunction(NativeSocketFunctionKind.GetSockName, 1, 2);
            case "recvfrom": return new NativeSocketFunction(NativeSocketFunctionKind.RecvFrom, 4, 5);
            case "bind": return new NativeSocketFunction(NativeSocketFunctionKind.Bind, 1, 2);
            case "connect": return new NativeSocketFunction(NativeSocketFunctionKind.Connect, 1, 2);
            case "sendto": return new NativeSocketFunction(NativeSocketFunctionKind.SendTo, 4, 5);
            default: return default;
        }
    }

    /// <summary>
    /// The native entry point of a P/Invoke: DllImport's or LibraryImport's EntryPoint when set,
    /// else the method name; null when the method is not a P/Invoke.
    /// </summary>
    public static string? GetEntryPoint(IMethodSymbol method)
    {
        // LibraryImport sits on the declaring half of a partial method.
        var declaration = method.PartialDefinitionPart ?? method;
        var dllImport = declaration.GetDllImportData();
        if (dllImport is not null)
        {
            return string.IsNullOrEmpty(dllImport.EntryPointName) ? declaration.Name : dllImport.EntryPointName;
        }

        foreach (var attribute in declaration.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null
                || (attributeClass.Name != "LibraryImportAttribute" && attributeClass.Name != "DllImportAttribute")
                || attributeClass.ContainingNamespace?.ToDisplayString() != "System.Runtime.InteropServices")
            {
                continue;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "EntryPoint" && argument.Value.Value is string name && name.Length > 0)
                {
                    return name;
                }
            }

            return declaration.Name;
        }

        return null;
    }
}
