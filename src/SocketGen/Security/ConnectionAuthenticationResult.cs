namespace SocketGen.Security;

/// <summary>A <see cref="ConnectionAuthenticator"/>'s verdict on a new connection.</summary>
public readonly struct ConnectionAuthenticationResult
{
    private ConnectionAuthenticationResult(bool accepted, string? name, object? state, string? reason)
    {
        IsAccepted = accepted;
        Name = name;
        State = state;
        RejectionReason = reason;
    }

    /// <summary>True when the connection may make calls.</summary>
    public bool IsAccepted { get; }

    /// <summary>The peer's name, for logs and call authorization.</summary>
    public string? Name { get; }

    /// <summary>Anything to attach to the connection's <see cref="ConnectionIdentity"/>.</summary>
    public object? State { get; }

    /// <summary>Why the connection was refused; sent to the client in the error frame.</summary>
    public string? RejectionReason { get; }

    /// <summary>Lets the connection in.</summary>
    /// <param name="name">The peer's name, or null.</param>
    /// <param name="state">Anything to attach to the connection's identity, or null.</param>
    /// <returns>An accepting result.</returns>
    public static ConnectionAuthenticationResult Accept(string? name = null, object? state = null) => new(true, name, state, null);

    /// <summary>Refuses the connection: the client gets an error frame carrying <paramref name="reason"/>, then the connection closes.</summary>
    /// <param name="reason">Why; the client sees it, so say no more than it may know.</param>
    /// <returns>A rejecting result.</returns>
    public static ConnectionAuthenticationResult Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(false, null, null, reason);
    }
}

/// <summary>
/// Decides whether a new connection may make calls, once TLS (if any) is established and the client's
/// preface has arrived, before any call is read. Runs under the server's handshake timeout; the token fires
/// when it passes.
/// </summary>
/// <param name="context">The connection's address, client certificate and TLS version.</param>
/// <param name="cancellationToken">Fires when the handshake timeout passes.</param>
/// <returns>The verdict.</returns>
public delegate ValueTask<ConnectionAuthenticationResult> ConnectionAuthenticator(ConnectionAuthenticationContext context, CancellationToken cancellationToken);
