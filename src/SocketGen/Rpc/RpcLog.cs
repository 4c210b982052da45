using Microsoft.Extensions.Logging;

namespace SocketGen.Rpc;

/// <summary>
/// The engine's log messages, defined once so that a disabled logger costs one IsEnabled check and no
/// formatting or boxing.
/// </summary>
internal static class RpcLog
{
    private static readonly Action<ILogger, string, string, string, Exception?> s_connectionRejected =
        LoggerMessage.Define<string, string, string>(LogLevel.Warning, new EventId(1, "ConnectionClosedOnError"), "Closed connection {RemoteEndPoint}: {Reason}: {Detail}");

    private static readonly Action<ILogger, string, string, string, Exception?> s_connectionClosed =
        LoggerMessage.Define<string, string, string>(LogLevel.Debug, new EventId(2, "ConnectionClosed"), "Closed connection {RemoteEndPoint}: {Reason}: {Detail}");

    private static readonly Action<ILogger, Exception?> s_acceptFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(3, "AcceptFailed"), "Accepting a connection failed; the server keeps accepting.");

    private static readonly Action<ILogger, string, uint, Exception?> s_callFailed =
        LoggerMessage.Define<string, uint>(LogLevel.Debug, new EventId(4, "CallFailed"), "Method {MethodName} (id {MethodId}) threw; an error frame was sent.");

    private static readonly Action<ILogger, string, uint, Exception?> s_oneWayFailed =
        LoggerMessage.Define<string, uint>(LogLevel.Warning, new EventId(5, "OneWayCallFailed"), "One-way method {MethodName} (id {MethodId}) threw; nobody is told but this log.");

    private static readonly Action<ILogger, string, Exception?> s_clientConnectionLost =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(6, "ClientConnectionLost"), "The connection to the server was lost: {Reason}");

    private static readonly Action<ILogger, string, Exception?> s_clientConnectionClosed =
        LoggerMessage.Define<string>(LogLevel.Debug, new EventId(8, "ClientConnectionClosed"), "The connection to the server closed: {Reason}");

    private static readonly Action<ILogger, int, TimeSpan, Exception?> s_reconnectFailed =
        LoggerMessage.Define<int, TimeSpan>(LogLevel.Information, new EventId(7, "ReconnectFailed"), "Reconnect attempt {Attempt} failed; next attempt in {Delay}.");

    /// <summary>A connection closed for a reason that is the peer's fault or a limit: logged as a warning.</summary>
    public static void ConnectionClosedOnError(ILogger logger, string remote, string reason, string detail, Exception? exception) =>
        s_connectionRejected(logger, remote, reason, detail, exception);

    /// <summary>A connection closed normally.</summary>
    public static void ConnectionClosed(ILogger logger, string remote, string reason, string detail) =>
        s_connectionClosed(logger, remote, reason, detail, null);

    public static void AcceptFailed(ILogger logger, Exception exception) => s_acceptFailed(logger, exception);

    public static void CallFailed(ILogger logger, string method, uint methodId, Exception exception) => s_callFailed(logger, method, methodId, exception);

    public static void OneWayFailed(ILogger logger, string method, uint methodId, Exception exception) => s_oneWayFailed(logger, method, methodId, exception);

    public static void ClientConnectionLost(ILogger logger, string reason, Exception? exception) => s_clientConnectionLost(logger, reason, exception);

    /// <summary>The client closed its connection, or the server went away in good order: not worth a warning.</summary>
    public static void ClientConnectionClosed(ILogger logger, string reason) => s_clientConnectionClosed(logger, reason, null);

    public static void ReconnectFailed(ILogger logger, int attempt, TimeSpan delay, Exception exception) => s_reconnectFailed(logger, attempt, delay, exception);
}

/// <summary>Why a connection was closed; the text that goes into the log.</summary>
internal static class CloseReason
{
    public const string ProtocolViolation = "protocol violation";
    public const string LimitExceeded = "limit exceeded";
    public const string HandshakeTimeout = "handshake timeout";
    public const string IdleTimeout = "idle timeout";
    public const string TransportError = "transport error";
    public const string PeerClosed = "peer closed";
    public const string ServerStopped = "server stopped";
    public const string TooManyConnections = "too many connections";
    public const string KeepAliveTimeout = "keep-alive timeout";
    public const string ClosedByOwner = "closed by this side";
    public const string MinDataRate = "min data rate";
}
