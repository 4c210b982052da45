namespace SocketGen.Rpc;

/// <summary>
/// Decides what an error frame tells the client about a server exception. The exception's own message is
/// sent only when the server opted in (<see cref="SocketServerOptions.IncludeExceptionDetails"/>); errors the
/// engine raises itself (cancellation, deadlines, limits) carry messages SocketGen wrote, which are safe.
/// </summary>
internal static class ExceptionDetailPolicy
{
    public static string MessageFor(RpcErrorCode code, string typeName, Exception exception, bool includeDetails)
    {
        if (includeDetails || code != RpcErrorCode.ApplicationError)
        {
            return exception.Message;
        }

        return $"{typeName} was thrown; the server sends exception messages only with IncludeExceptionDetails on.";
    }
}
