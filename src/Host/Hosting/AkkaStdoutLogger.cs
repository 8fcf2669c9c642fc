using Akka.Event;
using Microsoft.Extensions.Logging;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Akka's minimal logger (<c>akka.stdout-logger-class</c>), which takes what Akka logs while no logger actor listens:
/// before <see cref="AkkaLogForwarder"/> has started and after it has stopped, at the end of a shutdown. Once the
/// forwarder has started, those entries go through the same Microsoft.Extensions.Logging pipeline as every other line
/// (so <c>logging.format: "json"</c> stays one JSON object per line); before that, Akka's own console format.
/// </summary>
public sealed class AkkaStdoutLogger : MinimalLogger
{
    // Akka creates this class by its name from the configuration, with no access to the host's services.
    private static volatile ILoggerFactory? _loggers;

    /// <summary>The pipeline for every later entry; the host's forwarder hands it over when it starts.</summary>
    public static void Use(ILoggerFactory loggers) => _loggers = loggers;

    protected override void Log(object message)
    {
        if (message is LogEvent e && _loggers is { } loggers)
        {
            try
            {
                AkkaLogForwarder.Write(loggers, e);
                return;
            }
            catch (ObjectDisposedException)
            {
                // The host has already disposed its logging: the console is all that is left.
            }
        }
        Console.WriteLine(message);
    }
}
