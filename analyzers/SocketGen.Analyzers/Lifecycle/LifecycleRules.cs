using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>The socket lifecycle rules, SG1001–SG1008. Message arguments: the member called, the variable, the earlier call that put it in its state.</summary>
internal static class LifecycleRules
{
    /// <summary>SG1001: Connect on a listening socket.</summary>
    public static readonly DiagnosticDescriptor ConnectOnListening = RuleDescriptor.Create(RuleIds.ConnectOnListening, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1002: Listen on a socket that was never bound.</summary>
    public static readonly DiagnosticDescriptor ListenWithoutBind = RuleDescriptor.Create(RuleIds.ListenWithoutBind, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1003: Accept on a socket that is not listening.</summary>
    public static readonly DiagnosticDescriptor AcceptWithoutListen = RuleDescriptor.Create(RuleIds.AcceptWithoutListen, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1004: use of a socket after Dispose or Close.</summary>
    public static readonly DiagnosticDescriptor UseAfterClose = RuleDescriptor.Create(RuleIds.UseAfterClose, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1005: Bind on a socket that is already bound or connected.</summary>
    public static readonly DiagnosticDescriptor BindTwice = RuleDescriptor.Create(RuleIds.BindTwice, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1006: Listen or Accept on a connectionless socket.</summary>
    public static readonly DiagnosticDescriptor ConnectionlessListen = RuleDescriptor.Create(RuleIds.ConnectionlessListen, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1007: Connect on a socket that is already connected.</summary>
    public static readonly DiagnosticDescriptor ConnectWhenConnected = RuleDescriptor.Create(RuleIds.ConnectWhenConnected, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);

    /// <summary>SG1008: Send or Receive on a listening socket.</summary>
    public static readonly DiagnosticDescriptor DataOnListening = RuleDescriptor.Create(RuleIds.DataOnListening, RuleDescriptor.Reliability, DiagnosticSeverity.Warning);
}
