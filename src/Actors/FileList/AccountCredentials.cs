using Akka.Event;
using MovieSync.Clients.FileList;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.FileList;

/// <summary>
/// An account's credentials: the client that makes its requests with them (built again when config.json has new ones),
/// and the pause while FileList rejects them, in which all FileList work waits until one request probes them again.
/// </summary>
internal sealed class AccountCredentials(IAccountLedger account, Func<FileListAccount, FileListClient> clientFor, BudgetClock clock,
    ILoggingAdapter log)
{
    /// <summary>Makes the account's FileList requests, with the credentials read last.</summary>
    public FileListClient Client { get; private set; } = clientFor(account.Settings.ReadCredentials());

    /// <summary>Why and until when FileList work waits for the credentials; null while FileList accepts them.</summary>
    public Rejection? Rejected { get; private set; }

    private string Username => account.Settings.Account.Username;

    /// <summary>Reads the credentials again (config.json changed); the pause ends with <see cref="Renewed"/>.</summary>
    public void Reload() => Client = clientFor(account.Settings.ReadCredentials());

    /// <summary>New credentials: FileList work resumes (the next request tries them).</summary>
    public void Renewed()
    {
        if (Rejected is not null)
            log.Info("New FileList credentials for {User}: FileList work resumes", Username);
        Rejected = null;
    }

    /// <summary>A request went through: FileList accepts the credentials (again).</summary>
    public void Accepted()
    {
        if (Rejected is not null)
            log.Info("FileList accepts the credentials of {User} again; FileList work resumes", Username);
        Rejected = null;
    }

    /// <summary>
    /// Pauses all FileList work until one request probes the credentials again: after 1 minute, then twice as long after
    /// each further rejection, up to an hour (at once an hour when FileList says it locked the account out for that long).
    /// Warns once when the account goes from usable to rejected.
    /// </summary>
    public FileListDeferred Reject(string error, DateTimeOffset now)
    {
        var settings = account.Settings;
        if (Rejected is { } current && now < current.Until)
            return new FileListDeferred(current.Reason, clock.ToWall(current.Until)); // another request of the same moment
        var pause = FileListErrors.IsLockout(error)
            ? settings.LongestCredentialsPause // FileList said to come back in an hour: an earlier probe would prolong it
            : Rejected is { } previous
                ? TimeSpan.FromTicks(Math.Min(previous.Pause.Ticks * 2, settings.LongestCredentialsPause.Ticks))
                : settings.CredentialsPause;
        var until = now + pause;
        var wallUntil = clock.ToWall(until);
        var reason = $"{error}: FileList work waits until {wallUntil:u} (then one request tries the credentials again) " +
                     "or new credentials (filelist.username / filelist.passkey in config.json)";
        if (Rejected is null)
            log.Warning("FileList rejected the credentials of account {User} ({Error}); FileList work is paused and tried again at {Until:u} " +
                        "(the wait doubles up to an hour), or as soon as config.json has new credentials", Username, error, wallUntil);
        else
            log.Info("FileList still rejects the credentials of account {User}; trying again at {Until:u}", Username, wallUntil);
        Rejected = new Rejection(reason, until, pause);
        account.ScheduleQueueTick();
        return new FileListDeferred(Rejected.Reason, wallUntil);
    }

    /// <param name="Until">When one request may probe the credentials again (budget time).</param>
    /// <param name="Pause">How long this pause is: the next one doubles it.</param>
    public sealed record Rejection(string Reason, DateTimeOffset Until, TimeSpan Pause);
}
