using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Sockets;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>
/// The System.Net.Sockets surface the lifecycle analyzer understands: which types are sockets, what
/// each member does in terms of the state table, and which expressions create a socket in a known state.
/// </summary>
internal sealed class SocketApi
{
    private const int SocketTypeStream = 1;
    private const int SocketTypeDgram = 2;

    private readonly INamedTypeSymbol _socket;
    private readonly INamedTypeSymbol? _tcpListener;
    private readonly INamedTypeSymbol? _tcpClient;
    private readonly INamedTypeSymbol? _udpClient;
    private readonly INamedTypeSymbol? _socketType;
    private readonly INamedTypeSymbol? _socketTaskExtensions;

    private SocketApi(Compilation compilation, INamedTypeSymbol socket)
    {
        _socket = socket;
        _tcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        _tcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        _udpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
        _socketType = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketType");
        _socketTaskExtensions = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketTaskExtensions");
    }

    /// <summary>The API of <paramref name="compilation"/>; null when it does not reference System.Net.Sockets.</summary>
    public static SocketApi? TryCreate(Compilation compilation)
    {
        var socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        return socket is null ? null : new SocketApi(compilation, socket);
    }

    /// <summary>Which socket type <paramref name="type"/> is (or derives from).</summary>
    public bool TryGetFamily(ITypeSymbol? type, out SocketFamily family)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _socket))
            {
                family = SocketFamily.Socket;
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(current, _tcpListener))
            {
                family = SocketFamily.TcpListener;
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(current, _tcpClient))
            {
                family = SocketFamily.TcpClient;
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(current, _udpClient))
            {
                family = SocketFamily.UdpClient;
                return true;
            }
        }

        family = default;
        return false;
    }

    /// <summary>
    /// The socket an invocation acts on: its instance, or the first argument of the old
    /// SocketTaskExtensions extension methods.
    /// </summary>
    public IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is not null)
        {
            return invocation.Instance;
        }

        return IsSocketTaskExtension(invocation.TargetMethod) && invocation.Arguments.Length > 0
            ? invocation.Arguments[0].Value
            : null;
    }

    /// <summary>Whether <paramref name="method"/> is one of the SocketTaskExtensions methods.</summary>
    public bool IsSocketTaskExtension(IMethodSymbol method)
        => method.IsExtensionMethod && _socketTaskExtensions is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, _socketTaskExtensions);

    /// <summary>What calling <paramref name="method"/> on a socket of <paramref name="family"/> does.</summary>
    public static SocketCall ClassifyMethod(SocketFamily family, IMethodSymbol method)
    {
        if (method.ContainingType?.SpecialType == SpecialType.System_Object || method.MethodKind != MethodKind.Ordinary)
        {
            return SocketCall.None; // ToString, GetHashCode, GetType, Equals: fine on a disposed object
        }

        var name = method.Name;
        switch (family)
        {
            case SocketFamily.Socket:
                return ClassifySocketMethod(name);
            case SocketFamily.TcpListener:
                return ClassifyTcpListenerMethod(name);
            case SocketFamily.TcpClient:
                return ClassifyTcpClientMethod(name);
            default:
                return ClassifyUdpClientMethod(name);
        }
    }

    /// <summary>What reading property <paramref name="property"/> of a socket does: only those that throw once closed matter.</summary>
    public static SocketCall ClassifyProperty(SocketFamily family, IPropertySymbol property)
    {
        if (family != SocketFamily.Socket)
        {
            return SocketCall.None;
        }

        switch (property.Name)
        {
            case "Available":
            case "LocalEndPoint":
            case "RemoteEndPoint":
            case "ReceiveBufferSize":
            case "SendBufferSize":
            case "ReceiveTimeout":
            case "SendTimeout":
            case "NoDelay":
            case "LingerState":
            case "Ttl":
            case "DontFragment":
            case "DualMode":
            case "EnableBroadcast":
            case "MulticastLoopback":
            case "ExclusiveAddressUse":
                return new SocketCall(SocketCallKind.Use);
            default:
                return SocketCall.None; // Connected, Handle, AddressFamily, IsBound...: readable after close
        }
    }

    private static SocketCall ClassifySocketMethod(string name)
    {
        switch (name)
        {
            case "Bind":
                return SocketCall.Of(SocketOperation.Bind);
            case "Listen":
                return SocketCall.Of(SocketOperation.Listen);
            case "Accept":
            case "AcceptAsync":
            case "BeginAccept":
            case "EndAccept":
                return SocketCall.Of(SocketOperation.Accept);
            case "Connect":
            case "ConnectAsync":
            case "BeginConnect":
                return SocketCall.Of(SocketOperation.Connect);
            case "Send":
            case "SendAsync":
            case "BeginSend":
            case "SendTo":
            case "SendToAsync":
            case "BeginSendTo":
            case "SendFile":
            case "SendFileAsync":
            case "BeginSendFile":
            case "SendPacketsAsync":
                return SocketCall.Of(SocketOperation.Send);
            case "Receive":
            case "ReceiveAsync":
            case "BeginReceive":
            case "ReceiveFrom":
            case "ReceiveFromAsync":
            case "BeginReceiveFrom":
            case "ReceiveMessageFrom":
            case "ReceiveMessageFromAsync":
            case "BeginReceiveMessageFrom":
                return SocketCall.Of(SocketOperation.Receive);
            case "Shutdown":
                return SocketCall.Of(SocketOperation.Shutdown);
            case "Close":
            case "Dispose":
            case "DuplicateAndClose":
                return SocketCall.Of(SocketOperation.Close);
            case "Disconnect":
            case "DisconnectAsync":
            case "BeginDisconnect":
            case "EndDisconnect":
                return new SocketCall(SocketCallKind.UseThenUnknown);
            default:
                return new SocketCall(SocketCallKind.Use);
        }
    }

    private static SocketCall ClassifyTcpListenerMethod(string name)
    {
        switch (name)
        {
            case "Start":
                return SocketCall.Of(SocketOperation.Listen);
            case "AcceptSocket":
            case "AcceptSocketAsync":
            case "AcceptTcpClient":
            case "AcceptTcpClientAsync":
            case "BeginAcceptSocket":
            case "BeginAcceptTcpClient":
            case "EndAcceptSocket":
            case "EndAcceptTcpClient":
            case "Pending":
                return SocketCall.Of(SocketOperation.Accept);
            case "Stop":
            case "Dispose":
                return new SocketCall(SocketCallKind.StopListening);
            default:
                return SocketCall.None; // AllowNatTraversal, ...
        }
    }

    private static SocketCall ClassifyTcpClientMethod(string name)
    {
        switch (name)
        {
            case "Connect":
            case "ConnectAsync":
            case "BeginConnect":
                return SocketCall.Of(SocketOperation.Connect);
            case "Close":
            case "Dispose":
                return SocketCall.Of(SocketOperation.Close);
            default:
                return new SocketCall(SocketCallKind.Use); // GetStream, EndConnect...: ObjectDisposedException once closed
        }
    }

    private static SocketCall ClassifyUdpClientMethod(string name)
    {
        switch (name)
        {
            case "Connect":
                return SocketCall.Of(SocketOperation.Connect);
            case "Send":
            case "SendAsync":
            case "BeginSend":
                return SocketCall.Of(SocketOperation.Send);
            case "Receive":
            case "ReceiveAsync":
            case "BeginReceive":
                return SocketCall.Of(SocketOperation.Receive);
            case "Close":
            case "Dispose":
                return SocketCall.Of(SocketOperation.Close);
            default:
                return new SocketCall(SocketCallKind.Use);
        }
    }

    /// <summary>
    /// The facts about a socket held by a local after it is assigned <paramref name="value"/>, when the
    /// value is a socket in a known state: a new socket, a new TcpListener/TcpClient/UdpClient, or a
    /// socket returned by Accept. <paramref name="acceptedFrom"/> resolves the listener of an accept.
    /// </summary>
    public bool TryGetCreatedFacts(IOperation value, Func<IOperation?, ILocalSymbol?> acceptedFrom, out SocketFacts facts)
    {
        value = FlowUnwrap(value);
        switch (value)
        {
            case IObjectCreationOperation creation when creation.Constructor is not null && TryGetFamily(creation.Type, out var family):
                return TryGetConstructedFacts(family, creation, out facts);
            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Create" } } create
                when TryGetFamily(create.TargetMethod.ContainingType, out var listenerFamily) && listenerFamily == SocketFamily.TcpListener:
                facts = SocketFacts.Create(SocketState.Bound, SocketKinds.Stream, new SocketCause("TcpListener.Create", create));
                return true;
            case IInvocationOperation invocation when IsAcceptResult(invocation):
                var listener = acceptedFrom(Receiver(invocation));
                facts = SocketFacts.Create(SocketState.Connected, SocketKinds.Stream, new SocketCause(invocation.TargetMethod.Name, invocation)).WithAcceptedFrom(listener);
                return true;
            default:
                facts = default;
                return false;
        }
    }

    private bool IsAcceptResult(IInvocationOperation invocation)
    {
        SocketFamily family;
        if (IsSocketTaskExtension(invocation.TargetMethod))
        {
            family = SocketFamily.Socket;
        }
        else if (!TryGetFamily(invocation.TargetMethod.ContainingType, out family))
        {
            return false;
        }

        if (ClassifyMethod(family, invocation.TargetMethod) is not { Kind: SocketCallKind.Operation, Operation: SocketOperation.Accept })
        {
            return false;
        }

        // Accept()/EndAccept() return the socket; AcceptAsync returns Task/ValueTask of it (awaited by the caller).
        var returned = invocation.TargetMethod.ReturnType;
        if (returned is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task
            && task.Name is "Task" or "ValueTask")
        {
            returned = task.TypeArguments[0];
        }

        return TryGetFamily(returned, out _);
    }

    private bool TryGetConstructedFacts(SocketFamily family, IObjectCreationOperation creation, out SocketFacts facts)
    {
        var parameters = creation.Constructor!.Parameters;
        var cause = new SocketCause($"new {creation.Type?.Name ?? family.ToString()}(...)", creation);
        switch (family)
        {
            case SocketFamily.Socket:
                // Socket(AddressFamily, SocketType, ProtocolType) and Socket(SocketType, ProtocolType) create a
                // fresh socket; the SafeSocketHandle and SocketInformation overloads wrap one in an unknown state.
                var socketType = parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, _socketType));
                if (socketType is null)
                {
                    facts = default;
                    return false;
                }

                var argument = creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, socketType));
                var kind = argument?.Value.ConstantValue is { HasValue: true, Value: int constant }
                    ? constant == SocketTypeStream ? SocketKinds.Stream : constant == SocketTypeDgram ? SocketKinds.Dgram : SocketKinds.Other
                    : SocketKinds.Any;
                facts = SocketFacts.Create(SocketState.Created, kind, cause);
                return true;
            case SocketFamily.TcpListener:
                facts = SocketFacts.Create(SocketState.Bound, SocketKinds.Stream, cause);
                return true;
            case SocketFamily.TcpClient:
                facts = SocketFacts.Create(ClientState(parameters), SocketKinds.Stream, cause);
                return true;
            default:
                facts = SocketFacts.Create(ClientState(parameters), SocketKinds.Dgram, cause);
                return true;
        }
    }

    /// <summary>TcpClient/UdpClient: (host, port) connects; a local endpoint or port binds; otherwise just created.</summary>
    private static SocketState ClientState(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters)
    {
        if (parameters.Length >= 2 && parameters[0].Type.SpecialType == SpecialType.System_String)
        {
            return SocketState.Connected;
        }

        if (parameters.Length >= 1 && (parameters[0].Type.SpecialType == SpecialType.System_Int32 || parameters[0].Type.Name == "IPEndPoint"))
        {
            return SocketState.Bound;
        }

        return SocketState.Created;
    }

    /// <summary>Looks through conversions, await and ConfigureAwait to the expression that produces the socket.</summary>
    private static IOperation FlowUnwrap(IOperation value)
    {
        while (true)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                    value = awaitable;
                    break;
                default:
                    return value;
            }
        }
    }
}
