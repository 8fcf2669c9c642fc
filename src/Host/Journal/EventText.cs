using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Persistence.Query;

namespace MovieSync.Host.Journal;

/// <summary>
/// How `history`, `events` and the API show a persisted event: its public view (<see cref="EventView"/>) as JSON, or one
/// line a person reads.
/// </summary>
public static class EventText
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    /// <summary>
    /// The event's public fields after <c>sequence_nr</c> and <c>event</c>; for `events`, first also its place in the
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

        var view = EventView.Of(envelope.Event);
        entry["sequence_nr"] = envelope.SequenceNr;
        entry["event"] = view.Name;
        foreach (var (key, value) in view.Fields)
            entry[key] = value;
        return entry;
    }

    /// <summary>`time  #seq  event  key=value ...`, with the persistence id after the time when the entry has one.</summary>
    public static string Describe(JsonObject entry)
    {
        var at = entry["at"] is JsonValue value && value.TryGetValue<string>(out var text) && AsTime(text) is { } time
            ? time.ToString(TimeFormat, CultureInfo.InvariantCulture)
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
        JsonValue v when v.TryGetValue<string>(out var text) && AsTime(text) is { } time =>
            time.ToString(TimeFormat, CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var text) => $"\"{text}\"",
        _ => value.ToJsonString(),
    };

    /// <summary>A time field (ISO 8601, as <see cref="EventView"/> writes times) in UTC; null for any other text.</summary>
    private static DateTimeOffset? AsTime(string text) =>
        text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time.ToUniversalTime()
            : null;
}
