using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
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
                : string.Join(Environment.NewLine, events.Select(EventText.Describe)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<List<JsonObject>> ReadAsync(HomeLayout home, MovieId id, CancellationToken cancellationToken)
    {
        if (!home.HasJournal)
            return [];
        await using var journal = JournalReader.Open(home.Journal);
        var envelopes = await journal.MovieEventsAsync(id, cancellationToken);
        return envelopes.Select(envelope => EventText.ToJson(envelope, withPersistenceId: false)).ToList();
    }
}
