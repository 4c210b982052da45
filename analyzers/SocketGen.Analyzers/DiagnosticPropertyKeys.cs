namespace SocketGen.Analyzers;

/// <summary>The keys of the properties a diagnostic carries from the analyzer that reports it to the code fix that fixes it.</summary>
internal static class DiagnosticPropertyKeys
{
    /// <summary>SG1001, SG1008: a local holding a socket accepted from the same listener, in scope at the call.</summary>
    public const string AcceptedSocket = "AcceptedSocket";

    /// <summary>SG1001–SG1008: the variable the call is made on.</summary>
    public const string Variable = "Variable";

    /// <summary>SG2001: which way the count is lost, <see cref="ReceiveCountIgnored"/> or <see cref="ReceiveBufferUsedInFull"/>.</summary>
    public const string ReceiveKind = "Kind";

    /// <summary>SG2001 <see cref="ReceiveKind"/>: the count is not kept.</summary>
    public const string ReceiveCountIgnored = "Ignored";

    /// <summary>SG2001 <see cref="ReceiveKind"/>: the count is kept, but the buffer is then used whole.</summary>
    public const string ReceiveBufferUsedInFull = "UsedInFull";

    /// <summary>SG2002: the fully qualified name of the asynchronous member to await instead.</summary>
    public const string AsyncName = "AsyncName";

    /// <summary>SG3005: the ordinal of the native function's length parameter.</summary>
    public const string LengthOrdinal = "LengthOrdinal";

    /// <summary>SG3005: the ordinal of the native function's address parameter.</summary>
    public const string AddressOrdinal = "AddressOrdinal";
}
