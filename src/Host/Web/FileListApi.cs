using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.FileList;
using MovieSync.Host.Hosting;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>
/// <c>POST /api/filelist/check</c>: `check-config`'s FileList probe while `run` runs. The host's own account actor makes
/// the search, so it spends from the account's journaled budget like every other request (and none while the budget
/// is spent); config.json is read again first, so a passkey saved a moment ago is the one checked.
/// </summary>
public static class FileListApi
{
    /// <summary>Within the CLI's 30 s; FileList's own request timeout is the client's.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(25);

    public static IEndpointRouteBuilder MapFileListApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/filelist/check", CheckAsync);
        return app;
    }

    private static async Task<IResult> CheckAsync(HttpContext context, ActorRegistry registry, JournalGate journal, CancellationToken ct)
    {
        if (!registry.TryGet<FileListAccountActor>(out var account))
            return Results.Json(new ErrorReply("the running host has no FileList account: filelist.username / filelist.passkey were not set " +
                                               "when `run` started (a restart takes them up)"), statusCode: StatusCodes.Status409Conflict);
        context.RequestServices.GetService<ConfigWatcher>()?.Reload();
        if (await journal.RefusalAsync(ct) is { } refusal)
            return refusal;
        var (result, failure) = await journal.AskAsync<FileListCommands.FileListAccountChecked>(account, FileListCommands.CheckFileListAccount.Instance,
            CheckTimeout, $"the host's FileList account did not answer the check within {CheckTimeout.TotalSeconds:0} s", ct,
            unconfirmed: "the check's request could not be recorded in the budget, so none was made");
        return failure ?? Results.Ok(FileListCheckView.Of(result!));
    }
}

/// <summary>
/// The answer of <c>POST /api/filelist/check</c> (and what `check-config` prints from, either way): the account's
/// username, what was found (<see cref="Results"/>), whether a request was spent, and the budget after it. Never a secret.
/// </summary>
public sealed record FileListCheckView(
    string Username,
    string Result,
    bool RequestMade,
    string? Error,
    int RequestsPerHour,
    int RequestsRemaining,
    DateTimeOffset? NextRequestAt)
{
    public const string Accepted = "accepted";
    public const string CredentialsRejected = "credentials_rejected";
    public const string BudgetSpent = "budget_spent";
    public const string Failed = "failed";

    /// <summary>Every value of <see cref="Result"/>.</summary>
    public static IReadOnlyList<string> Results { get; } = [Accepted, CredentialsRejected, BudgetSpent, Failed];

    public static FileListCheckView Of(FileListCommands.FileListAccountChecked check) => new(
        check.Status.Username,
        check.Outcome switch
        {
            FileListCheckOutcome.Accepted => Accepted,
            FileListCheckOutcome.CredentialsRejected => CredentialsRejected,
            FileListCheckOutcome.BudgetSpent => BudgetSpent,
            _ => Failed,
        },
        check.RequestMade,
        check.Error,
        check.Status.RequestsPerHour,
        check.Status.RequestsRemaining,
        check.NextRequestAt);
}
