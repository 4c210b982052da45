using Microsoft.Extensions.Logging;

namespace SocketGen.Hosting;

/// <summary>The hosting layer's log messages, source-generated (event ids 200-299).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 200, EventName = "ServerStarted", Level = LogLevel.Information, Message = "Serving {ContractName} on {EndPoint} (TLS: {Tls}).")]
    public static partial void ServerStarted(ILogger logger, string contractName, System.Net.EndPoint endPoint, bool tls);

    [LoggerMessage(EventId = 201, EventName = "ServerStopping", Level = LogLevel.Information, Message = "Stopping {ContractName}: no new connections; calls in flight may finish.")]
    public static partial void ServerStopping(ILogger logger, string contractName);

    [LoggerMessage(EventId = 202, EventName = "ServerStopped", Level = LogLevel.Information, Message = "Stopped {ContractName}.")]
    public static partial void ServerStopped(ILogger logger, string contractName);

    [LoggerMessage(EventId = 203, EventName = "ClientCreated", Level = LogLevel.Information, Message = "Client {ClientName} calls the servers of {Resolver}; it connects on its first call.")]
    public static partial void ClientCreated(ILogger logger, string clientName, string resolver);
}
