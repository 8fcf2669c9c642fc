using MovieSync.Clients.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>The client against the real qbittorrent-nox 4.5: login, categories, adding and listing torrents.</summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class QBittorrentClientSpecs(QBittorrentNox qbt)
{
    [Fact]
    public async Task Logs_in_and_reads_the_versions()
    {
        using var client = new QBittorrentClient(qbt.Connection());

        Assert.Matches(@"^v\d+\.\d+", await client.GetVersionAsync());
        Assert.True(Version.Parse(await client.GetWebApiVersionAsync()) >= new Version(2, 8));
    }

    [Fact]
    public async Task A_wrong_password_is_rejected_after_one_login_and_never_retried_until_credentials_change()
    {
        const string secret = "wr0ng-Secret-Pa55word";
        var logger = new CapturingLogger();
        RecordingHandler? recorder = null;
        using var client = new QBittorrentClient(qbt.Connection(secret), new QBittorrentClientOptions
        {
            Logger = logger,
            DecorateHandler = inner => recorder = new RecordingHandler(inner),
        });

        var first = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetVersionAsync());
        var second = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync());

        Assert.Equal(QBittorrentFailure.CredentialsRejected, first.Failure);
        Assert.Equal(QBittorrentFailure.CredentialsRejected, second.Failure);
        Assert.False(first.IsTransient);
        Assert.True(client.CredentialsRejected);
        Assert.Equal(["/api/v2/auth/login"], recorder!.Paths);
        Assert.DoesNotContain(secret, first.ToString());
        Assert.DoesNotContain(secret, qbt.Connection(secret).ToString());
        Assert.NotEmpty(logger.Lines);
        Assert.All(logger.Lines, line => Assert.DoesNotContain(secret, line));

        client.ChangeCredentials(QBittorrentNox.Username, QBittorrentNox.Password);
        Assert.StartsWith("v", await client.GetVersionAsync());
        Assert.Equal(2, recorder.Count("/api/v2/auth/login"));
    }

    [Fact]
    public async Task A_missing_category_is_created_once()
    {
        using var client = new QBittorrentClient(qbt.Connection());
        var category = "films-" + Guid.NewGuid().ToString("N")[..8];
        var savePath = Path.Combine(qbt.DataDirectory, category);

        Assert.True(await client.EnsureCategoryAsync(category, savePath));
        Assert.False(await client.EnsureCategoryAsync(category, savePath));

        var categories = await client.GetCategoriesAsync();
        Assert.Equal(savePath, categories[category].SavePath);
    }

    [Fact]
    public async Task An_added_torrent_is_listed_once_with_its_category_tags_save_path_and_paused()
    {
        using var client = new QBittorrentClient(qbt.Connection());
        var category = "films-" + Guid.NewGuid().ToString("N")[..8];
        var torrent = TestTorrent.Create(Path.Combine(qbt.DataDirectory, "source-" + category));
        var savePath = Path.Combine(qbt.DataDirectory, "downloads-" + category);

        var accepted = await client.AddTorrentAsync(torrent.Bytes, new TorrentAddOptions
        {
            Category = category, Tags = ["moviesync", "lb:the-matrix"], SavePath = savePath, Paused = true,
        });

        Assert.True(accepted);
        await NoxWaits.ListedAsync(client, torrent.InfoHash);
        var listed = Assert.Single(await client.GetTorrentsAsync(category: category));
        Assert.Equal(torrent.InfoHash, listed.Hash);
        Assert.Equal(torrent.Name, listed.Name);
        Assert.Equal(category, listed.Category);
        Assert.Equal(["lb:the-matrix", "moviesync"], listed.Tags.Order());
        Assert.Equal(savePath, listed.SavePath.TrimEnd('/'));
        Assert.Equal(torrent.Size, listed.Size);
        var settled = await NoxWaits.SettledAsync(client, torrent.InfoHash);
        Assert.Equal("pausedDL", settled.State);
        Assert.Equal(TorrentStatus.Paused, settled.Status);
    }

    [Fact]
    public async Task Ensure_added_twice_leaves_a_single_torrent()
    {
        using var client = new QBittorrentClient(qbt.Connection());
        var category = "films-" + Guid.NewGuid().ToString("N")[..8];
        var torrent = TestTorrent.Create(Path.Combine(qbt.DataDirectory, "source-" + category));
        var options = new TorrentAddOptions { Category = category, Tags = ["moviesync"], Paused = true };

        var first = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, options);
        var second = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash.ToUpperInvariant(), options);
        var plainDuplicate = await client.AddTorrentAsync(torrent.Bytes, options);

        Assert.Equal(EnsureAddedOutcome.Added, first.Outcome);
        Assert.Equal(torrent.InfoHash, first.Torrent?.Hash);
        Assert.Equal(EnsureAddedOutcome.AlreadyPresent, second.Outcome);
        Assert.False(plainDuplicate); // qBittorrent answers "Fails." to a duplicate
        Assert.Single(await client.GetTorrentsAsync(category: category));
    }

    [Fact]
    public async Task A_session_logged_out_elsewhere_is_renewed_transparently()
    {
        RecordingHandler? recorder = null;
        using var client = new QBittorrentClient(qbt.Connection(), new QBittorrentClientOptions
        {
            DecorateHandler = inner => recorder = new RecordingHandler(inner),
        });
        await client.GetVersionAsync();

        using (var other = new HttpClient())
        using (var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(qbt.BaseUrl, "api/v2/auth/logout")))
        {
            logout.Headers.Add("Cookie", recorder!.SessionCookie!);
            (await other.SendAsync(logout)).EnsureSuccessStatusCode();
        }
        var torrents = await client.GetTorrentsAsync(category: "no-such-category");

        Assert.Empty(torrents);
        Assert.Equal(
            [("/api/v2/auth/login", 200), ("/api/v2/app/version", 200), ("/api/v2/torrents/info", 403),
             ("/api/v2/auth/login", 200), ("/api/v2/torrents/info", 200)],
            recorder.Requests);
    }

    [Fact]
    public async Task Torrent_info_reports_progress_state_and_paths_of_complete_and_incomplete_torrents()
    {
        using var client = new QBittorrentClient(qbt.Connection());
        var category = "films-" + Guid.NewGuid().ToString("N")[..8];
        var complete = TestTorrent.Create(Path.Combine(qbt.DataDirectory, "have-" + category), "Have.2020.mkv", 50_000);
        var missing = TestTorrent.Create(Path.Combine(qbt.DataDirectory, "source-" + category), "Want.2021.mkv", 30_000);

        // Saved where its content already is: qBittorrent checks it and seeds.
        await client.AddTorrentAsync(complete.Bytes, new TorrentAddOptions { Category = category, SavePath = complete.ContentDirectory });
        await client.AddTorrentAsync(missing.Bytes, new TorrentAddOptions { Category = category, SavePath = Path.Combine(qbt.DataDirectory, "empty-" + category) });

        var done = await NoxWaits.SettledAsync(client, complete.InfoHash);
        var wanted = await NoxWaits.SettledAsync(client, missing.InfoHash);

        Assert.Equal(1.0, done.Progress);
        Assert.True(TorrentStateClassifier.IsSeedingState(done.State), done.State);
        Assert.Equal(TorrentStatus.Complete, done.Status);
        Assert.Equal(Path.Combine(complete.ContentDirectory, complete.Name), done.ContentPath);
        Assert.NotNull(done.CompletedOn);
        Assert.Equal(0, done.AmountLeft);

        Assert.Equal(0.0, wanted.Progress);
        Assert.Contains(wanted.Status, new[] { TorrentStatus.Stalled, TorrentStatus.Downloading });
        Assert.Null(wanted.CompletedOn);
        Assert.Null(wanted.Eta); // no peers: qBittorrent reports the "infinite" 8640000
        Assert.Equal(missing.Size, wanted.AmountLeft);
    }
}
