using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Persistence.Query;
using MovieSync.Actors.Serialization;

namespace MovieSync.Host.Cli;

/// <summary>How `history` and `events` show a persisted event: its stored fields as JSON, or one line a person reads.</summary>
public static class EventText
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    /// <summary>
    /// The event's stored fields after <c>sequence_nr</c> and <c>event</c>; for `events`, first also its place in the
    /// whole journal (<c>offset</c>, <c>persistence_id</c>), as the API's live stream shows it.
    /// </summary>
    public static JsonObject ToJson(EventEnvelope envelope, bool withPersistenceId)
    {
        var entry = new JsonObject();
        if (withPersistenceId)
        {
            entry["offset"] = envelope.Offset is Sequence sequence ? sequence.Value : null;
            entry["persistence_id"] = envelope.PersistenceId;
        }

        entry["sequence_nr"] = envelope.SequenceNr;
        entry["event"] = Name(envelope.Event);
        foreach (var (key, value) in JsonObject.Create(MovieSyncSerializer.ToJson(envelope.Event))!)
            entry[key] = value?.DeepClone();
        return entry;
    }

    /// <summary>The stored manifest without its version: "attempt-failed".</summary>
    public static string Name(object e)
    {
        var manifest = MovieSyncSerializer.ManifestFor(e);
        return manifest[..manifest.LastIndexOf('.')];
    }

    /// <summary>`time  #seq  event  key=value ...`, with the persistence id after the time when the entry has one.</summary>
    public static string Describe(JsonObject entry)
    {
        var at = entry["at"] is JsonValue time && time.TryGetValue<DateTimeOffset>(out var value)
            ? value.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture)
            : "";
        var persistenceId = entry["persistence_id"]?.GetValue<string>();
        // A movie's own events need not repeat its id; the coordinator's do.
        var hidden = persistenceId is null || persistenceId.StartsWith("movie-", StringComparison.Ordinal)
            ? new[] { "at", "event", "offset", "sequence_nr", "persistence_id", "movie_id" }
            : ["at", "event", "offset", "sequence_nr", "persistence_id"];
        var fields = entry
            .Where(pair => !hidden.Contains(pair.Key))
            .Select(pair => $"{pair.Key}={Show(pair.Value)}");
        var source = persistenceId is null ? "" : $"{persistenceId,-28}  ";
        return $"{at}  {source}#{entry["sequence_nr"]}  {entry["event"],-26} {string.Join(" ", fields)}";
    }

    /// <summary>A field as a person reads it: times in UTC, strings quoted without JSON escapes.</summary>
    private static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var text) && text.Contains('T')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) =>
            time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var text) => $"\"{text}\"",
        _ => value.ToJsonString(),
    };
}
