using Microsoft.Extensions.Logging;
using MovieSync.Configuration;

namespace MovieSync.Host.Hosting;

/// <summary>
/// The lines `run` prints for a person (banner, counts, the dashboard's address): as they are with the text log; with
/// the JSON log as log entries of the category <c>moviesync</c>, so every line of output parses (rules and blank lines
/// are left out).
/// </summary>
public sealed class RunOutput(LogFormat format, ILogger logger)
{
    public const string Category = "moviesync";

    public RunOutput(MovieSyncOptions options, ILoggerFactory loggers) : this(options.Logging.Format, loggers.CreateLogger(Category))
    {
    }

    public void Line(string text = "")
    {
        if (format == LogFormat.Text)
        {
            Console.WriteLine(text);
            return;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 0 && !trimmed.All(c => c == '='))
            logger.LogInformation("{Line}", trimmed);
    }

    /// <summary>A warning before the host has its log (the home's permissions): through a log of its own with the JSON format.</summary>
    public static void EarlyWarning(LogFormat format, string text)
    {
        if (format == LogFormat.Text)
        {
            Console.WriteLine($"⚠️  {text}");
            return;
        }

        using var loggers = LoggerFactory.Create(logging => logging.AddMovieSyncConsole(format));
        loggers.CreateLogger(Category).LogWarning("{Line}", text);
    }
}
