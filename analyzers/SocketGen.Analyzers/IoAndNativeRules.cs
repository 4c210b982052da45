using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers;

/// <summary>
/// The descriptors of the receive, blocking, addressing, socket-construction (SG2xxx) and native
/// P/Invoke (SG3xxx) rules. Each links to its page under docs/rules.
/// </summary>
internal static class IoAndNativeRules
{
    /// <summary>SG2001: a stream receive's count is ignored or the buffer is used as if full.</summary>
    public static readonly DiagnosticDescriptor PartialReceive = RuleDescriptor.Create(
        "SG2001",
        "Receive on a stream socket may return fewer bytes than asked for",
        "{0}",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A stream socket returns what has arrived, often less than the buffer holds. Use the count it returns: loop until the bytes needed have arrived, or use a receive-exactly helper.");

    /// <summary>SG2002: a blocking socket call inside an async method, lambda or local function.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInAsync = RuleDescriptor.Create(
        "SG2002",
        "Blocking socket call in an async context",
        "'{0}' blocks the thread inside an async {1}; await '{2}' instead",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A blocking socket or DNS call inside async code holds a thread-pool thread for the whole wait and can starve the pool. Await the asynchronous variant and pass the cancellation token in scope.");

    /// <summary>SG2003: connecting to only the first resolved address.</summary>
    public static readonly DiagnosticDescriptor FirstAddressConnect = RuleDescriptor.Create(
        "SG2003",
        "Connecting to only the first resolved address",
        "'{0}' connects only to the first address '{1}' resolved; connect by host name so every address is tried",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Warning,
        "A host name can resolve to several addresses, IPv6 first (localhost resolves to ::1). Taking only the first fails when that address does not answer. Connect with the host name and port, which tries each address in turn.");

    /// <summary>SG2004: a socket type and protocol that cannot work together.</summary>
    public static readonly DiagnosticDescriptor InvalidSocketTypeProtocol = RuleDescriptor.Create(
        "SG2004",
        "Socket type and protocol do not go together",
        "{0} cannot be used with {1}; pass ProtocolType.Unspecified to get the protocol for the family and type",
        RuleDescriptor.Usage,
        DiagnosticSeverity.Error,
        "The socket constructor throws SocketException (protocol not supported) for a stream socket with UDP, a datagram socket with TCP, or a Unix-domain socket with TCP or UDP. Protocol 0 (Unspecified) is the default for the family and type.");

    /// <summary>SG2005: Listen with a small literal backlog.</summary>
    public static readonly DiagnosticDescriptor SmallListenBacklog = RuleDescriptor.Create(
        "SG2005",
        "Listen backlog is small",
        "A backlog of {0} refuses connections under load; use the parameterless '{1}' (the system maximum) or a configured value",
        RuleDescriptor.Reliability,
        DiagnosticSeverity.Info,
        "Connections that arrive while the accept queue is full are refused or dropped. A literal backlog below 16 is too small for a server under load; the parameterless overload uses the system maximum.");

    /// <summary>SG3001: an address length not set to the buffer's size before a native call.</summary>
    public static readonly DiagnosticDescriptor AddressLengthNotInitialized = RuleDescriptor.Create(
        "SG3001",
        "Address length is not set to the address buffer's size",
        "'{0}' is passed to {1} {2}; set it to the size of the address buffer before the call",
        RuleDescriptor.Interoperability,
        DiagnosticSeverity.Warning,
        "The address length of accept, accept4, getpeername, getsockname and recvfrom is value-result: the function reads it as the size of the address buffer, then writes the size of the address. An unset, zero or wrong length truncates the address or lets the kernel write past the buffer.");

    /// <summary>SG3002: an address length reused across loop iterations without reset.</summary>
    public static readonly DiagnosticDescriptor AddressLengthNotReset = RuleDescriptor.Create(
        "SG3002",
        "Address length is not reset before each call in a loop",
        "'{0}' still holds the length {1} wrote on the previous iteration; reset it to the size of the address buffer before each call",
        RuleDescriptor.Interoperability,
        DiagnosticSeverity.Warning,
        "The address length is value-result: after an IPv4 peer it holds 16, and the next IPv6 peer's address is cut short. Reset it to the buffer's size before every call.");

    /// <summary>SG3003: a P/Invoke declaring the address length as out.</summary>
    public static readonly DiagnosticDescriptor OutAddressLength = RuleDescriptor.Create(
        "SG3003",
        "Address length parameter must not be out",
        "The address length parameter '{0}' of {1} is out, but {1} reads it; declare it ref or as a pointer",
        RuleDescriptor.Interoperability,
        DiagnosticSeverity.Warning,
        "The callee reads the address length as the size of the buffer before writing the address's size back. An out parameter promises the value is never read, so callers never set it.");

    /// <summary>SG3004: a port written to a sockaddr in host byte order.</summary>
    public static readonly DiagnosticDescriptor PortInHostByteOrder = RuleDescriptor.Create(
        "SG3004",
        "Port is not converted to network byte order",
        "'{0}' is written to '{1}' in host byte order; convert it with IPAddress.HostToNetworkOrder (htons)",
        RuleDescriptor.Interoperability,
        DiagnosticSeverity.Warning,
        "sin_port and sin6_port hold the port in network byte order (big-endian). On a little-endian host an unconverted port 13 is port 3328 on the wire.");

    /// <summary>SG3005: the length passed with a sockaddr does not match the struct's size.</summary>
    public static readonly DiagnosticDescriptor AddressLengthMismatch = RuleDescriptor.Create(
        "SG3005",
        "Address length does not match the address passed",
        "{0} is passed a {1} of {2} bytes with a length of {3}",
        RuleDescriptor.Interoperability,
        DiagnosticSeverity.Warning,
        "bind, connect and sendto read as many bytes as the length says. A length that differs from the size of the address struct passed makes the call fail with EINVAL or read past the struct.");
}
