using Microsoft.Extensions.Logging;

namespace SocketGen.Diagnostics;

/// <summary>
/// Log messages of the security and hosting layers, source-generated: nothing is formatted or boxed when the
/// level is off. Event ids 100-199 (the engine's own messages use 1-99).
/// </summary>
internal static partial class ProductionLog
{
    [LoggerMessage(EventId = 100, EventName = "ConnectionAccepted", Level = LogLevel.Debug, Message = "Accepted connection {RemoteEndPoint} (TLS: {Tls}).")]
    public static partial void ConnectionAccepted(ILogger logger, string remoteEndPoint, bool tls);

    [LoggerMessage(EventId = 101, EventName = "CallDenied", Level = LogLevel.Warning, Message = "Refused call {ContractName}.{MethodName} from {RemoteEndPoint}: {Reason}")]
    public static partial void CallDenied(ILogger logger, string remoteEndPoint, string contractName, string methodName, string reason);
}
