using Akka.Actor;

namespace MovieSync.Actors.Journal;

/// <summary>
/// The node's one <see cref="JournalHealthActor"/>, started with the first use: by the journal plugin as it reports, or
/// by whoever asks (the API, a command).
/// </summary>
public sealed class JournalHealthExtension(ExtendedActorSystem system) : IExtension
{
    public IActorRef Actor { get; } = system.SystemActorOf(JournalHealthActor.Props(JournalHealthActor.ProbePeriod), JournalHealthActor.Name);

    public static IActorRef Of(ActorSystem system) => system.WithExtension<JournalHealthExtension, JournalHealthExtensionId>().Actor;

    /// <summary>The journal's health, or null when the actor does not answer within <paramref name="timeout"/>.</summary>
    public static async Task<JournalHealth?> AskAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Of(system).Ask<JournalHealth>(GetJournalHealth.Instance, timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}

public sealed class JournalHealthExtensionId : ExtensionIdProvider<JournalHealthExtension>
{
    public override JournalHealthExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
