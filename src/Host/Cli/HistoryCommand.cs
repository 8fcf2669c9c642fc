using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Actors.Serialization;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`history ID [--json]`: a movie's persisted events, oldest first, with their times and fields.</summary>
public static class HistoryCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "IMDb id (tt0133093) or Letterboxd film slug (the-matrix)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of events" };
        var command = new Command("history", "A movie's events, oldest first") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var raw = parsed.GetValue(id)!;
            if (!MovieId.TryParse(raw, out var movieId, out var error))
                throw new UsageException($"ID: {error}");
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var events = await ReadAsync(home, movieId, cancellationToken);
            if (events.Count == 0)
                throw new UsageException($"ID '{movieId}' is not a movie MovieSync has seen (see `moviesync status`)");

            Console.WriteLine(parsed.GetValue(json)
                ? new JsonArray(events.Select(e => (JsonNode)e).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true })
                : string.Join(Environment.NewLine, events.Select(Describe)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<List<JsonObject>> ReadAsync(HomeLayout home, MovieId id, CancellationToken cancellationToken)
    {
        if (!home.HasJournal)
            return [];
        await using var journal = JournalReader.Open(home.ConnectionString);
        var envelopes = await journal.MovieEventsAsync(id, cancellationToken);
        return envelopes.Select(envelope =>
        {
            var entry = new JsonObject
            {
                ["sequence_nr"] = envelope.SequenceNr,
                ["event"] = EventName(envelope.Event),
            };
            foreach (var (key, value) in JsonObject.Create(MovieSyncSerializer.ToJson(envelope.Event))!)
                entry[key] = value?.DeepClone();
            return entry;
        }).ToList();
    }

    /// <summary>The stored manifest without its version: "attempt-failed".</summary>
    private static string EventName(object e)
    {
        var manifest = MovieSyncSerializer.ManifestFor(e);
        return manifest[..manifest.LastIndexOf('.')];
    }

    private static string Describe(JsonObject entry)
    {
        var at = entry["at"]?.GetValue<DateTimeOffset>().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'") ?? "";
        var fields = entry
            .Where(pair => pair.Key is not ("at" or "event" or "sequence_nr" or "movie_id"))
            .Select(pair => $"{pair.Key}={Show(pair.Value)}");
        return $"{at}  #{entry["sequence_nr"]}  {entry["event"],-26} {string.Join(" ", fields)}";
    }

    /// <summary>A field as a person reads it: times in UTC, strings quoted without JSON escapes.</summary>
    private static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            && text.Contains('T') => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var text) => $"\"{text}\"",
        _ => value.ToJsonString(),
    };
}
