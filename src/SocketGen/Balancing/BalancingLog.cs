using Microsoft.Extensions.Logging;

namespace SocketGen.Balancing;

/// <summary>The balancer's log messages, source-generated (event ids 300-319).</summary>
internal static partial class BalancingLog
{
    [LoggerMessage(EventId = 300, EventName = "BalancedConnectFailed", Level = LogLevel.Debug, Message = "Connecting to {EndPoint} of {Resolver} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, System.Net.EndPoint endPoint, string resolver, string reason);

    [LoggerMessage(EventId = 301, EventName = "BalancedRetry", Level = LogLevel.Debug, Message = "Retrying a call of {Contract} (method id {MethodId}) after attempt {Attempt} on {EndPoint} failed: {Reason}")]
    public static partial void Retrying(ILogger logger, string contract, uint methodId, System.Net.EndPoint endPoint, int attempt, string reason);

    [LoggerMessage(EventId = 302, EventName = "ResolveFailed", Level = LogLevel.Warning, Message = "Resolving {Resolver} failed; keeping the servers of the last answer: {Reason}")]
    public static partial void ResolveFailed(ILogger logger, string resolver, string reason);
}
