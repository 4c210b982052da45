using SocketGen.Diagnostics;
using SocketGen.Security;

namespace SocketGen.Rpc;

/// <summary>Call authorization: the server's authorizer sees each call with the connection's identity before it runs.</summary>
internal sealed partial class IncomingCalls
{
    /// <summary>Runs the call authorizer; returns the denial reason, or null when the call may run.</summary>
    private string? AuthorizeCall(uint methodId)
    {
        CallAuthorizer? authorize = _options.CallAuthorizer;
        if (authorize is null || _connection.Identity is not { } identity)
        {
            return null;
        }

        string method = _dispatcher.GetMethodName(methodId) ?? "?";
        CallAuthorizationResult result = authorize(new CallAuthorizationContext(_dispatcher.ContractName, method, methodId, identity));
        if (result.IsAllowed)
        {
            return null;
        }

        string reason = result.DenialReason ?? "the call was refused";
        if (_logger is not null)
        {
            ProductionLog.CallDenied(_logger, _connection.Remote, _dispatcher.ContractName, method, reason);
        }

        return reason;
    }
}
