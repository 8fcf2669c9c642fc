using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.Journal;
using MovieSync.Messages;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Akka's log events into Microsoft.Extensions.Logging, one line each, under the name of the actor that logged
/// (<c>movie-tt0133093</c>, <c>watchlist</c>) and with the structured template kept, so the log reads as what each
/// movie is doing.
/// </summary>
public sealed class AkkaLogForwarder : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _loggers;

    public AkkaLogForwarder()
    {
        _loggers = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        // What Akka logs once this actor has stopped (the end of a shutdown) goes the same way, not to Akka's console format.
        AkkaStdoutLogger.Use(_loggers);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Write(_loggers, e));
    }

    /// <summary>One of Akka's log events as one entry of <paramref name="loggers"/>.</summary>
    internal static void Write(ILoggerFactory loggers, LogEvent e)
    {
        var logger = loggers.CreateLogger(Category(e.LogSource));
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => MelLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => MelLevel.Information,
            Akka.Event.LogLevel.WarningLevel => MelLevel.Warning,
            _ => MelLevel.Error,
        };
        // Each persist or recovery that a failing journal refuses is logged by Akka with the whole exception; the journal's
        // health actor says the same once a minute, with the cause, so these go to debug.
        if (level >= MelLevel.Warning && e.Cause is { } cause && JournalFailure.IsJournalUnavailable(cause))
            level = MelLevel.Debug;
        if (!logger.IsEnabled(level))
            return;
        using var scope = MovieOf(e.LogSource) is { } movie ? logger.BeginScope(new MovieScope(movie)) : null;
        if (e.Message is LogMessage message)
            logger.Log(level, e.Cause, message.Format, message.Parameters().ToArray());
        else
            logger.Log(level, e.Cause, "{Message}", e.Message);
    }

    /// <summary>The movie whose actor logged (<c>.../movie-tt0133093</c>); null for every other source.</summary>
    private static string? MovieOf(string source)
    {
        const string prefix = "movie-";
        var name = source[(source.LastIndexOf('/') + 1)..];
        return name.StartsWith(prefix, StringComparison.Ordinal) && MovieId.TryParse(Uri.UnescapeDataString(name[prefix.Length..]), out var id, out _)
            ? id.Value
            : null;
    }

    /// <summary>The actor's own name for MovieSync's actors, "akka" for Akka's internals.</summary>
    private static string Category(string source)
    {
        const string user = "/user/";
        if (source.EndsWith("/" + JournalHealthActor.Name, StringComparison.Ordinal))
            return JournalHealthActor.Name; // a system actor, but MovieSync's own
        var at = source.IndexOf(user, StringComparison.Ordinal);
        return at < 0 ? "akka" : source[(source.LastIndexOf('/') + 1)..];
    }
}
