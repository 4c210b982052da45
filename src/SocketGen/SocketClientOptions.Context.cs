namespace SocketGen;

/// <summary>Metadata sent with every call.</summary>
public sealed partial class SocketClientOptions
{
    /// <summary>
    /// Metadata sent with every call of a client made with these options (a bearer token, a tenant); a call's own
    /// <see cref="SocketCallOptions.Metadata"/> overrides it key by key. Read once, when the client connects.
    /// Needs a server that speaks wire 1.2; against an older one every call fails with <see cref="NotSupportedException"/>.
    /// </summary>
    public IDictionary<string, string> DefaultMetadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
