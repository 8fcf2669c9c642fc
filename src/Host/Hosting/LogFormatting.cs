using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MovieSync.Configuration;

namespace MovieSync.Host.Hosting;

/// <summary>
/// The console log of `run` as <c>logging.format</c> says: readable lines ("text"), or one JSON object per line
/// ("json", Microsoft.Extensions.Logging's JSON console formatter: Timestamp, LogLevel, Category (the actor's name),
/// Message, State (the template's fields) and Scopes (the movie's id, <see cref="MovieScope"/>)).
/// </summary>
public static class LogFormatting
{
    public static ILoggingBuilder AddMovieSyncConsole(this ILoggingBuilder logging, LogFormat format)
    {
        if (format == LogFormat.Json)
            return logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.IncludeScopes = true;
                // Titles and emoji stay readable; the output is still one valid JSON object per line.
                json.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        return logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            console.UseUtcTimestamp = true;
        });
    }
}

/// <summary>The scope of a movie actor's log entries: its id as a field (<c>MovieId</c>) in the JSON log.</summary>
public sealed class MovieScope(string movieId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?> _field = new("MovieId", movieId);

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] => index == 0 ? _field : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return _field;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"movie {_field.Value}";
}
