namespace SocketGen.Security;

/// <summary>Why a connection was closed by a security check; the text that goes into the log and the rejection metric.</summary>
internal static class SecurityCloseReason
{
    public const string TlsHandshakeFailed = "tls handshake failed";
    public const string AuthenticationFailed = "authentication failed";
}
