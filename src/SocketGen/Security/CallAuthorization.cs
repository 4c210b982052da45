namespace SocketGen.Security;

/// <summary>A call about to be dispatched, as a <see cref="CallAuthorizer"/> sees it.</summary>
public readonly struct CallAuthorizationContext
{
    internal CallAuthorizationContext(string contractName, string methodName, uint methodId, ConnectionIdentity connection)
    {
        ContractName = contractName;
        MethodName = methodName;
        MethodId = methodId;
        Connection = connection;
    }

    /// <summary>The contract the server serves.</summary>
    public string ContractName { get; }

    /// <summary>The method's name, as declared on the contract.</summary>
    public string MethodName { get; }

    /// <summary>The method's wire id.</summary>
    public uint MethodId { get; }

    /// <summary>Who made the call.</summary>
    public ConnectionIdentity Connection { get; }
}

/// <summary>A <see cref="CallAuthorizer"/>'s verdict on one call.</summary>
public readonly struct CallAuthorizationResult
{
    private CallAuthorizationResult(string? reason) => DenialReason = reason;

    /// <summary>The call may run.</summary>
    public static CallAuthorizationResult Allow => default;

    /// <summary>True when the call may run.</summary>
    public bool IsAllowed => DenialReason is null;

    /// <summary>Why the call was refused; sent to the client.</summary>
    public string? DenialReason { get; }

    /// <summary>Refuses the call: the caller gets an <see cref="AccessDeniedException"/> carrying <paramref name="reason"/>; the connection stays up.</summary>
    /// <param name="reason">Why; the client sees it.</param>
    /// <returns>A denying result.</returns>
    public static CallAuthorizationResult Deny(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(reason);
    }
}

/// <summary>
/// Decides whether one call may run, before its arguments are decoded. Runs on the connection's read loop for
/// every call, so it must be quick and must not block; slow checks belong in the <see cref="ConnectionAuthenticator"/>.
/// </summary>
/// <param name="context">The method and the caller's identity.</param>
/// <returns>The verdict.</returns>
public delegate CallAuthorizationResult CallAuthorizer(CallAuthorizationContext context);
