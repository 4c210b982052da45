using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Values;

namespace SocketGen.Analyzers.Blocking;

/// <summary>The blocking socket and DNS members SG2002 knows, with the async variant of each.</summary>
internal sealed class BlockingSocketMembers
{
    private readonly INamedTypeSymbol? _socket;
    private readonly INamedTypeSymbol? _dns;
    private readonly INamedTypeSymbol? _tcpClient;
    private readonly INamedTypeSymbol? _tcpListener;
    private readonly INamedTypeSymbol? _udpClient;

    private BlockingSocketMembers(Compilation compilation)
    {
        _socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        _dns = compilation.GetTypeByMetadataName("System.Net.Dns");
        _tcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        _tcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        _udpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
    }

    /// <summary>The members of <paramref name="compilation"/>, or null when it has no socket types at all.</summary>
    public static BlockingSocketMembers? Create(Compilation compilation)
    {
        var members = new BlockingSocketMembers(compilation);
        return members._socket is null && members._dns is null ? null : members;
    }

    /// <summary>The name of the async variant of a blocking member (e.g. "ReceiveAsync"); null when the method does not block.</summary>
    public string? AsyncVariantOf(IMethodSymbol method)
    {
        if (method.IsAsync || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        var type = method.ContainingType;
        var name = method.Name;
        if (Is(type, _socket))
        {
            return name is "Connect" or "Accept" or "Receive" or "Send" or "ReceiveFrom" or "SendTo" or "ReceiveMessageFrom" or "SendFile"
                ? name + "Async"
                : null;
        }

        if (Is(type, _dns))
        {
            return name is "GetHostAddresses" or "GetHostEntry" ? name + "Async" : null;
        }

        if (Is(type, _tcpClient))
        {
            return name == "Connect" ? "ConnectAsync" : null;
        }

        if (Is(type, _tcpListener))
        {
            return name is "AcceptSocket" or "AcceptTcpClient" ? name + "Async" : null;
        }

        if (Is(type, _udpClient))
        {
            return name is "Receive" or "Send" ? name + "Async" : null;
        }

        return null;
    }

    /// <summary>True for the accept members (Socket.Accept, TcpListener.AcceptSocket and AcceptTcpClient).</summary>
    public bool IsAccept(IMethodSymbol method)
        => (Is(method.ContainingType, _socket) && method.Name == "Accept")
            || (Is(method.ContainingType, _tcpListener) && method.Name is "AcceptSocket" or "AcceptTcpClient");

    /// <summary>
    /// True for a call that blocks only briefly and never for a peer: Connect, Send and SendTo on a
    /// connectionless socket (a datagram connect only sets the default address; a datagram send returns
    /// once the kernel has queued it) and UdpClient.Send.
    /// </summary>
    public bool NeverWaitsForPeer(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (Is(method.ContainingType, _udpClient))
        {
            return method.Name == "Send";
        }

        return Is(method.ContainingType, _socket)
            && method.Name is "Connect" or "Send" or "SendTo"
            && NonStreamSocket.Is(invocation.Instance);
    }

    /// <summary>True for <c>new TcpClient(host, port)</c>, which connects before it returns.</summary>
    public bool IsConnectingConstructor(IMethodSymbol? constructor)
        => constructor is not null
            && Is(constructor.ContainingType, _tcpClient)
            && constructor.Parameters.Length == 2
            && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
