using System.Text.Json.Serialization;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;

namespace MovieSync.Host.Web.Health;

/// <summary>
/// Whether qBittorrent answers and takes MovieSync's login, for <c>/healthz</c> and <c>/metrics</c>: one short call
/// (<c>app/version</c>, logged in) at most every <see cref="CacheFor"/> however often it is asked, on a session of its
/// own. A rejected login is not tried again (qBittorrent bans an address after five).
/// </summary>
public sealed class QBittorrentProbe : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly QBittorrentClient? _client;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private QBittorrentCheck? _last;
    private DateTimeOffset? _lastSuccessAt;

    public QBittorrentProbe(MovieSyncOptions options, TimeProvider clock)
        : this(new QBittorrentClient(SettingsFromOptions.QBittorrent(options), new QBittorrentClientOptions { RequestTimeout = Timeout }), clock)
    {
    }

    private QBittorrentProbe(QBittorrentClient? client, TimeProvider clock)
    {
        _client = client;
        _clock = clock;
    }

    /// <summary>For a run whose downloads are simulated: qBittorrent is not part of it.</summary>
    public static QBittorrentProbe NotUsed() => new((QBittorrentClient?)null, TimeProvider.System);

    /// <summary>The latest check, made now when the last one is older than <see cref="CacheFor"/>.</summary>
    public async Task<QBittorrentCheck> CheckAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
            return QBittorrentCheck.NotUsed;
        if (Fresh(Volatile.Read(ref _last)) is { } cached)
            return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Callers that waited for the gate take the check just made.
            return Fresh(_last) ?? (_last = await ProbeAsync(_client));
        }
        finally
        {
            _gate.Release();
        }
    }

    private QBittorrentCheck? Fresh(QBittorrentCheck? check) =>
        check is { CheckedAt: { } at } && _clock.GetUtcNow() - at < CacheFor ? check : null;

    private async Task<QBittorrentCheck> ProbeAsync(QBittorrentClient client)
    {
        var at = _clock.GetUtcNow();
        // Not the request's token: the answer is shared with whoever asks within CacheFor.
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            var version = await client.GetVersionAsync(deadline.Token);
            _lastSuccessAt = at;
            return new QBittorrentCheck(QBittorrentCheck.Ok, version, null, at, at);
        }
        catch (QBittorrentException e)
        {
            var state = e.Failure switch
            {
                QBittorrentFailure.CredentialsRejected => "credentials_rejected",
                QBittorrentFailure.Banned => "banned",
                QBittorrentFailure.Unreachable => "unreachable",
                _ => "unexpected_reply",
            };
            return new QBittorrentCheck(state, null, e.Message, at, _lastSuccessAt);
        }
        catch (OperationCanceledException)
        {
            return new QBittorrentCheck("unreachable", null, $"qBittorrent at {client.BaseUrl} did not answer within {Timeout.TotalSeconds:0} s",
                at, _lastSuccessAt);
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>qBittorrent as last checked: <c>ok</c> (with its version), <c>not_used</c>, or why not (never the password).</summary>
public sealed record QBittorrentCheck(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("checked_at")] DateTimeOffset? CheckedAt,
    [property: JsonPropertyName("last_success")] DateTimeOffset? LastSuccess)
{
    public const string Ok = "ok";

    public static QBittorrentCheck NotUsed { get; } = new("not_used", null, null, null, null);

    [JsonIgnore]
    public bool Healthy => State is Ok or "not_used";
}
