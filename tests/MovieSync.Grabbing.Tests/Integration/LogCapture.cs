using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>Every log line of a scenario: the actors' (Akka's event stream) and the clients' (Microsoft.Extensions.Logging).</summary>
public sealed class LogCapture : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<string> Lines => _lines.Select(l => l.Text).ToList();

    public IReadOnlyList<string> Warnings => _lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text).ToList();

    /// <summary>Collects the actor system's log events too (at whatever akka.loglevel lets through).</summary>
    public void Listen(ActorSystem system)
    {
        var collector = system.ActorOf(Props.Create(() => new Collector(this)), "log-capture");
        system.EventStream.Subscribe(collector, typeof(LogEvent));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string text) => _lines.Enqueue((level, text));

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(logLevel, $"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(LogCapture capture) =>
            Receive<LogEvent>(e => capture.Add(e.LogLevel() switch
            {
                Akka.Event.LogLevel.ErrorLevel => LogLevel.Error,
                Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
                Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
                _ => LogLevel.Debug,
            }, $"{e.LogLevel()} {e.LogSource}: {e} {e.Cause}"));
    }
}
