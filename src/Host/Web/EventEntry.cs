using System.Text.Json.Nodes;
using Akka.Persistence.Query;
using MovieSync.Actors.Serialization;

namespace MovieSync.Host.Web;

/// <summary>A persisted event as JSON, the shape `history ID --json` prints: sequence_nr, event name, then its fields.</summary>
public static class EventEntry
{
    /// <summary>The history entry of one movie event.</summary>
    public static JsonObject History(EventEnvelope envelope)
    {
        var entry = new JsonObject
        {
            ["sequence_nr"] = envelope.SequenceNr,
            ["event"] = EventName(envelope.Event),
        };
        foreach (var (key, value) in JsonObject.Create(MovieSyncSerializer.ToJson(envelope.Event))!)
            entry[key] = value?.DeepClone();
        return entry;
    }

    /// <summary>
    /// The live-stream entry of any persisted event: the history entry plus where it sits in the journal; null for an
    /// object the serializer does not know (it is not an event anyone reads).
    /// </summary>
    public static JsonObject? Of(EventEnvelope envelope)
    {
        try
        {
            var entry = new JsonObject
            {
                ["offset"] = envelope.Offset is Sequence sequence ? sequence.Value : null,
                ["persistence_id"] = envelope.PersistenceId,
            };
            foreach (var (key, value) in History(envelope))
                entry[key] = value?.DeepClone();
            return entry;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The stored manifest without its version: "attempt-failed".</summary>
    private static string EventName(object e)
    {
        var manifest = MovieSyncSerializer.ManifestFor(e);
        var dot = manifest.LastIndexOf('.');
        return dot < 0 ? manifest : manifest[..dot];
    }
}
