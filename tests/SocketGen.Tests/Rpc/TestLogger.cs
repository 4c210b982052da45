using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocketGen.Tests.Rpc;

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>Collects every log entry, at every level, for assertions.</summary>
public sealed class TestLogger : ILogger
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));

    public LogEntry[] Closes(string reason) =>
        Entries.Where(e => e.EventId.Name is "ConnectionClosedOnError" or "ConnectionClosed" && e.Message.Contains(": " + reason + ":", StringComparison.Ordinal)).ToArray();
}
