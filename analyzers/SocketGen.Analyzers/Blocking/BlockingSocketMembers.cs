using Microsoft.CodeAnalysis;

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

    /// <summary>True for <c>new TcpClient(host, port)</c>, which connects before it returns.</summary>
    public bool IsConnectingConstructor(IMethodSymbol? constructor)
        => constructor is not null
            && Is(constructor.ContainingType, _tcpClient)
            && constructor.Parameters.Length == 2
            && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
