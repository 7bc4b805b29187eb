using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Keeps every log line, to check what a rejected reload reports.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}
