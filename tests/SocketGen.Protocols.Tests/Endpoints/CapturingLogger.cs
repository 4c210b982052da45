using Microsoft.Extensions.Logging;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>Keeps every log message, so tests can check that a reason was logged.</summary>
public sealed class CapturingLogger : ILogger
{
    private readonly List<string> _messages = new();

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }

    public async Task<string> WaitForAsync(string fragment)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Messages.FirstOrDefault(m => m.Contains(fragment, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"Nothing logged with '{fragment}'; logged: {string.Join(" | ", Messages)}");
    }
}
