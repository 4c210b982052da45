using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers;

/// <summary>
/// The descriptors of the receive, blocking, addressing, socket-construction (SG2xxx) and native
/// P/Invoke (SG3xxx) rules. Each links to its page under docs/rules.
/// </summary>
internal static class IoAndNativeRules
{
    /// <summary>SG2001: a stream receive's count is ignored or the buffer is used as if full.</summary>
    public static readonly DiagnosticDescriptor PartialReceive = RuleDescriptor.Create(RuleIds.PartialReceive, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG2002: a blocking socket call inside an async method, lambda or local function.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInAsync = RuleDescriptor.Create(RuleIds.BlockingCallInAsync, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG2003: connecting to only the first resolved address.</summary>
    public static readonly DiagnosticDescriptor FirstAddressConnect = RuleDescriptor.Create(RuleIds.FirstAddressConnect, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG2004: a socket type and protocol that cannot work together.</summary>
    public static readonly DiagnosticDescriptor InvalidSocketTypeProtocol = RuleDescriptor.Create(RuleIds.InvalidSocketTypeProtocol, RuleDescriptor.Usage, DiagnosticSeverity.Error);

    /// <summary>SG2005: Listen with a small literal backlog.</summary>
    public static readonly DiagnosticDescriptor SmallListenBacklog = RuleDescriptor.Create(RuleIds.SmallListenBacklog, RuleDescriptor.Reliability, DiagnosticSeverity.Info);

    /// <summary>SG3001: an address length not set to the buffer's size before a native call.</summary>
    public static readonly DiagnosticDescriptor AddressLengthNotInitialized = RuleDescriptor.Create(RuleIds.AddressLengthNotInitialized, RuleDescriptor.Interoperability, DiagnosticSeverity.Warning);

    /// <summary>SG3002: an address length reused across loop iterations without reset.</summary>
    public static readonly DiagnosticDescriptor AddressLengthNotReset = RuleDescriptor.Create(RuleIds.AddressLengthNotReset, RuleDescriptor.Interoperability, DiagnosticSeverity.Warning);

    /// <summary>SG3003: a P/Invoke declaring the address length as out.</summary>
    public static readonly DiagnosticDescriptor OutAddressLength = RuleDescriptor.Create(RuleIds.OutAddressLength, RuleDescriptor.Interoperability, DiagnosticSeverity.Warning);

    /// <summary>SG3004: a port written to a sockaddr in host byte order.</summary>
    public static readonly DiagnosticDescriptor PortInHostByteOrder = RuleDescriptor.Create(RuleIds.PortInHostByteOrder, RuleDescriptor.Interoperability, DiagnosticSeverity.Warning);

    /// <summary>SG3005: the length passed with a sockaddr does not match the struct's size.</summary>
    public static readonly DiagnosticDescriptor AddressLengthMismatch = RuleDescriptor.Create(RuleIds.AddressLengthMismatch, RuleDescriptor.Interoperability, DiagnosticSeverity.Warning);
}
