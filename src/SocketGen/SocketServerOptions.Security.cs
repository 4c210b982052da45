using SocketGen.Security;

namespace SocketGen;

/// <summary>The security settings of a server: TLS, authentication and the pre-authentication frame cap.</summary>
public sealed partial class SocketServerOptions
{
    private int _preAuthenticationMaxFramePayloadLength = 1024;

    /// <summary>TLS for every connection; null (the default) serves plaintext.</summary>
    public ServerTlsOptions? Tls { get; set; }

    /// <summary>
    /// Sees each new connection (address, client certificate) after TLS and the client's preface and may
    /// refuse it before any call is read; null lets every connection in.
    /// </summary>
    public ConnectionAuthenticator? ConnectionAuthenticator { get; set; }

    /// <summary>Sees each call (method, caller identity) before it runs and may refuse it; null allows every call.</summary>
    public CallAuthorizer? CallAuthorizer { get; set; }

    /// <summary>
    /// The largest frame payload accepted from a connection that has not completed the handshake and
    /// authentication (default 1 KiB). Frames that arrive before then are held to it, so an unauthenticated
    /// peer cannot make the server buffer a full-size frame.
    /// </summary>
    public int PreAuthenticationMaxFramePayloadLength
    {
        get => _preAuthenticationMaxFramePayloadLength;
        set => _preAuthenticationMaxFramePayloadLength = Positive(value);
    }
}
