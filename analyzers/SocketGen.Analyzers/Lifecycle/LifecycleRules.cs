using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>The socket lifecycle rules, SG1001–SG1008. Message arguments: the member called, the variable, the earlier call that put it in its state.</summary>
internal static class LifecycleRules
{
    /// <summary>Diagnostic property naming a local that holds a socket accepted from the same listener, in scope at the call.</summary>
    public const string AcceptedSocketProperty = "AcceptedSocket";

    /// <summary>Diagnostic property naming the variable the call is made on.</summary>
    public const string VariableProperty = "Variable";

    /// <summary>SG1001: Connect on a listening socket.</summary>
    public static readonly DiagnosticDescriptor ConnectOnListening = RuleDescriptor.Create(
        "SG1001",
        "Do not connect a listening socket",
        "'{0}' on '{1}', which is listening since {2}; a listening socket only accepts",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A socket that is listening is a receptionist: it can only accept connections. Connecting it throws InvalidOperationException at run time. Connect a new socket, or use the socket Accept returned.");

    /// <summary>SG1002: Listen on a socket that was never bound.</summary>
    public static readonly DiagnosticDescriptor ListenWithoutBind = RuleDescriptor.Create(
        "SG1002",
        "Bind a socket before listening on it",
        "'{0}' on '{1}', which has not been bound since {2}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "Listen on a socket that was never bound listens on an ephemeral port on Linux, fails with WSAEINVAL on Windows, and the next Accept throws. Call Bind with the endpoint to listen on first.");

    /// <summary>SG1003: Accept on a socket that is not listening.</summary>
    public static readonly DiagnosticDescriptor AcceptWithoutListen = RuleDescriptor.Create(
        "SG1003",
        "Accept only on a listening socket",
        "'{0}' on '{1}', which is not listening since {2}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "Accept needs a socket that is bound and listening (for TcpListener: started). Otherwise it throws InvalidOperationException or a SocketException at run time.");

    /// <summary>SG1004: use of a socket after Dispose or Close.</summary>
    public static readonly DiagnosticDescriptor UseAfterClose = RuleDescriptor.Create(
        "SG1004",
        "Do not use a socket after it is closed",
        "'{0}' on '{1}', which was closed by {2}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A socket that was disposed or closed, explicitly or at the end of its using block or using declaration, throws ObjectDisposedException on any further use.");

    /// <summary>SG1005: Bind on a socket that is already bound or connected.</summary>
    public static readonly DiagnosticDescriptor BindTwice = RuleDescriptor.Create(
        "SG1005",
        "Do not bind a socket twice",
        "'{0}' on '{1}', which is already bound or connected since {2}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A socket gets its local address once: Bind on a socket that is already bound, listening or connected fails with EINVAL (a SocketException).");

    /// <summary>SG1006: Listen or Accept on a connectionless socket.</summary>
    public static readonly DiagnosticDescriptor ConnectionlessListen = RuleDescriptor.Create(
        "SG1006",
        "Do not listen or accept on a connectionless socket",
        "'{0}' on '{1}', a connectionless (datagram) socket since {2}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "Listen and Accept exist only for connection-oriented sockets. On a datagram (SocketType.Dgram) socket they fail with EOPNOTSUPP (a SocketException); receive datagrams with ReceiveFrom instead.");

    /// <summary>SG1007: Connect on a socket that is already connected.</summary>
    public static readonly DiagnosticDescriptor ConnectWhenConnected = RuleDescriptor.Create(
        "SG1007",
        "Do not connect a socket that is already connected",
        "'{0}' on '{1}', which is already connected since {2}; close it and create a new socket",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A stream socket connects once: Connect on a connected socket fails with EISCONN (a SocketException). Close it and create a new socket to connect elsewhere.");

    /// <summary>SG1008: Send or Receive on a listening socket.</summary>
    public static readonly DiagnosticDescriptor DataOnListening = RuleDescriptor.Create(
        "SG1008",
        "Do not send or receive on a listening socket",
        "'{0}' on '{1}', which is listening since {2}; send and receive on the socket Accept returns",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A listening socket never carries data: Send and Receive on it fail with ENOTCONN (a SocketException). Each accepted connection has its own socket, returned by Accept.");
}
