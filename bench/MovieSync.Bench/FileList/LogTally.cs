using System.Collections.Concurrent;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieSync.Bench.FileList;

/// <summary>The actor system's log during the simulation: lines counted per template, warnings and errors kept.</summary>
internal sealed class LogCounts
{
    private readonly ConcurrentDictionary<string, int> _byTemplate = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string>? _lines =
        Environment.GetEnvironmentVariable("BENCH_VERBOSE") is null && Environment.GetEnvironmentVariable("BENCH_LOG") is null ? null : new();

    /// <summary>With BENCH_VERBOSE or BENCH_LOG: every line, to trace what happened to one film.</summary>
    public IReadOnlyList<string> Lines => _lines?.ToArray() ?? [];

    public int Warnings => _problems.Count;

    public IReadOnlyList<string> Problems => _problems.ToArray();

    /// <summary>Lines logged with a template that starts with <paramref name="prefix"/> (<c>"{Movie}: attempt "</c>).</summary>
    public int Count(string prefix) => _byTemplate.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(t => t.Value);

    public void Add(LogEvent e)
    {
        var template = e.Message is LogMessage message ? message.Format : e.Message?.ToString() ?? "";
        _byTemplate.AddOrUpdate(template, 1, (_, n) => n + 1);
        _lines?.Enqueue($"{e.Timestamp:HH:mm:ss.fff} {e.LogLevel()} {e.LogSource}: {e.Message}{(e.Cause is null ? "" : " " + e.Cause.Message)}");
        if (e.LogLevel() >= Akka.Event.LogLevel.WarningLevel)
            AddProblem($"{e.LogLevel()} {e.LogSource}: {e.Message}", e.Cause);
    }

    public void AddProblem(string line, Exception? cause) =>
        _problems.Enqueue(cause is null ? line : $"{line} ({cause.GetType().Name}: {cause.Message})");
}

/// <summary>Warnings and errors of the Microsoft.Extensions.Logging loggers (the grabber's, the clients') into <see cref="LogCounts"/>.</summary>
internal sealed class LogCountsProvider(LogCounts counts) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(counts, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCounts counts, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                counts.AddProblem($"{logLevel} {category}: {formatter(state, exception)}", exception);
        }
    }
}

/// <summary>An Akka logger that hands every log event to <see cref="LogCounts"/> (from the host's services) and prints nothing.</summary>
internal sealed class LogTally : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public LogTally()
    {
        var counts = DependencyResolver.For(Context.System).Resolver.GetService<LogCounts>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(counts.Add);
    }
}
