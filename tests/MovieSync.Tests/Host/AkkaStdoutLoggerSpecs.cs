using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Hosting;
using Xunit;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MovieSync.Tests.Host;

/// <summary>
/// What Akka logs while no logger actor listens (the end of a shutdown, "CoordinatedShutdown invoked ...") goes through
/// the host's Microsoft.Extensions.Logging pipeline: `JsonLogRunSpecs` met it in Akka's console format, a line that is not
/// JSON, in about one shutdown in four on a loaded machine.
/// </summary>
public sealed class AkkaStdoutLoggerSpecs
{
    [Fact]
    public void The_host_configuration_makes_it_akkas_minimal_logger()
    {
        var name = MovieSyncConfig.Host.GetString("akka.stdout-logger-class");

        Assert.Equal(typeof(AkkaStdoutLogger), Type.GetType(name, throwOnError: true));
    }

    [Fact]
    public void An_event_it_takes_is_an_entry_of_the_host_log_under_akkas_category()
    {
        var entries = new Entries();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(entries));
        AkkaStdoutLogger.Use(loggers);
        var logger = new AkkaStdoutLogger();

        logger.Tell(new Info("CoordinatedShutdown (akka://moviesync)", typeof(CoordinatedShutdown), "CoordinatedShutdown invoked"));
        logger.Tell(new Warning("akka://moviesync/user/watchlist", typeof(object), "late warning"));

        Assert.Equal(
            [("akka", LogLevel.Information, "CoordinatedShutdown invoked"), ("watchlist", LogLevel.Warning, "late warning")],
            entries.ToList());
    }

    private sealed class Entries : ConcurrentQueue<(string Category, LogLevel Level, string Message)>, ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Entries entries, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
