using Microsoft.Extensions.Logging;

namespace SocketGen.Protocols;

/// <summary>The protocol endpoints' log messages, defined once so a disabled logger costs one check and no formatting.</summary>
internal static class ProtocolLog
{
    private static readonly Action<ILogger, string, string, string, Exception?> s_closedOnError =
        LoggerMessage.Define<string, string, string>(LogLevel.Warning, new EventId(401, "ProtocolConnectionClosedOnError"), "{Server}: closed the connection from {RemoteEndPoint}: {Reason}");

    private static readonly Action<ILogger, string, string, string, Exception?> s_lost =
        LoggerMessage.Define<string, string, string>(LogLevel.Debug, new EventId(402, "ProtocolConnectionLost"), "{Server}: the connection from {RemoteEndPoint} was lost: {Reason}");

    private static readonly Action<ILogger, string, string, Exception?> s_handlerFailed =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(403, "ProtocolHandlerFailed"), "{Server}: the handler failed for the connection from {RemoteEndPoint}; closed it");

    private static readonly Action<ILogger, string, Exception?> s_acceptFailed =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(404, "ProtocolAcceptFailed"), "{Server}: receiving failed; the server carries on");

    /// <summary>A connection broke the protocol or a limit and was closed.</summary>
    public static void ClosedOnError(ILogger logger, object server, object remote, string reason) =>
        s_closedOnError(logger, server.ToString() ?? "", remote.ToString() ?? "", reason, null);

    /// <summary>A connection was lost (reset, closed mid-frame).</summary>
    public static void Lost(ILogger logger, object server, object remote, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            s_lost(logger, server.ToString() ?? "", remote.ToString() ?? "", reason, null);
        }
    }

    /// <summary>A handler threw.</summary>
    public static void HandlerFailed(ILogger logger, object server, object remote, Exception exception) =>
        s_handlerFailed(logger, server.ToString() ?? "", remote.ToString() ?? "", exception);

    /// <summary>Accepting or receiving failed at the listener.</summary>
    public static void AcceptFailed(ILogger logger, object server, Exception exception) =>
        s_acceptFailed(logger, server.ToString() ?? "", exception);
}
