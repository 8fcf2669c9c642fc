using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Configuration;
using MovieSync.Messages;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Takes up an edit of config.json's FileList credentials while `run` runs: a new <c>filelist.passkey</c> (or
/// <c>base_url</c>) or <c>requests_per_hour</c> for the same username (in <c>filelist.accounts</c> too, account by account)
/// is handed to the account actor, which lifts a credentials pause (or resizes its budget) at once. Another username needs a restart (it is another account, with its
/// own journaled budget).
/// </summary>
public sealed class FileListCredentialsReload(
    MovieSyncOptions started, LiveFileListCredentials live, ActorRegistry registry, ILogger<FileListCredentialsReload> logger)
    : IConfigPart
{
    /// <summary>Hands changed FileList credentials of the same username to the account.</summary>
    public void Apply(MovieSyncOptions changed)
    {
        var running = started.FileList.AllAccounts;
        if (running.Count == 0)
            return;
        var now = changed.FileList.AllAccounts.ToDictionary(a => a.Username, StringComparer.Ordinal);
        if (now.Count == 0)
        {
            logger.LogWarning("config.json changed and has no FileList credentials now; the running ones stay until a restart");
            return;
        }

        foreach (var user in now.Keys.Where(u => running.All(r => r.Username != u)))
            logger.LogWarning("config.json names another FileList username ({User}): another account takes a restart of run", user);
        foreach (var account in running)
        {
            if (!now.TryGetValue(account.Username, out var edited))
                continue; // an account taken out of config.json keeps running until a restart
            var configured = new FileListAccount(started.FileList.BaseUrl, account.Username, account.Passkey);
            var newCredentials = live.Update(configured, new FileListAccount(changed.FileList.BaseUrl, edited.Username, edited.Passkey));
            var newLimit = live.UpdateRequestsPerHour(account.Username, account.RequestsPerHour, edited.RequestsPerHour);
            if (!newCredentials && !newLimit)
                continue;
            if (newCredentials)
                logger.LogInformation("config.json has new FileList credentials for {User}: the account uses them from now on", edited.Username);
            if (newLimit)
                logger.LogInformation("config.json allows FileList account {User} {PerHour} requests per hour: taken up now", edited.Username,
                    edited.RequestsPerHour);
            // In a cluster the registrar knows this node's accounts; the broker (maybe on another node) knows them all.
            if (registry.TryGet<FileListAccountRegistrar>(out var registrar))
                registrar.Tell(new FileListBroker.ReloadCredentialsOf(edited.Username), ActorRefs.NoSender);
            else if (registry.TryGet<FileListBroker>(out var broker))
                broker.Tell(new FileListBroker.ReloadCredentialsOf(edited.Username), ActorRefs.NoSender);
            else if (registry.TryGet<FileListAccountActor>(out var single))
                single.Tell(FileListCommands.ReloadFileListCredentials.Instance, ActorRefs.NoSender);
        }
    }
}
