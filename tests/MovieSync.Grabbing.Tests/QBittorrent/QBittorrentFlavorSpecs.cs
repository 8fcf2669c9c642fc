using MovieSync.Clients.QBittorrent;
using MovieSync.Simulators.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>The client against the simulator in each qBittorrent generation (4.5, 5.0, 5.2 differences).</summary>
public sealed class QBittorrentFlavorSpecs
{
    public static TheoryData<QBittorrentFlavor> Flavors => [QBittorrentFlavor.V4_5, QBittorrentFlavor.V5_0, QBittorrentFlavor.V5_2];

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Logs_in_once_and_keeps_the_session_cookie(QBittorrentFlavor flavor)
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        using var client = Client(fake);

        var version = await client.GetVersionAsync();
        await client.GetWebApiVersionAsync();
        await client.GetTorrentsAsync();

        Assert.StartsWith(flavor == QBittorrentFlavor.V4_5 ? "v4." : "v5.", version);
        Assert.Equal(1, fake.LoginAttempts);
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Wrong_credentials_are_rejected_without_a_second_attempt(QBittorrentFlavor flavor)
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        using var client = Client(fake, password: "nope");

        var first = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync());
        var again = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetVersionAsync());
        client.ResetLogin();
        var afterReset = await Assert.ThrowsAsync<QBittorrentException>(() => client.LoginAsync());

        Assert.All([first, again, afterReset], e => Assert.Equal(QBittorrentFailure.CredentialsRejected, e.Failure));
        Assert.Equal(2, fake.LoginAttempts); // one before, one after the explicit reset
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task A_paused_add_stays_paused_because_both_paused_and_stopped_are_sent(QBittorrentFlavor flavor)
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        using var client = Client(fake);
        var torrent = TestTorrent.InMemory();

        var result = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash,
            new TorrentAddOptions { Category = "movies", Tags = ["moviesync"], Paused = true });

        Assert.Equal(EnsureAddedOutcome.Added, result.Outcome);
        Assert.Equal(flavor == QBittorrentFlavor.V4_5 ? "pausedDL" : "stoppedDL", result.Torrent?.State);
        Assert.Equal(TorrentStatus.Paused, result.Torrent?.Status);
        Assert.Equal(["moviesync"], result.Torrent?.Tags);
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Ensure_added_twice_adds_once_whatever_the_duplicate_reply(QBittorrentFlavor flavor)
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        using var client = Client(fake);
        var torrent = TestTorrent.InMemory();
        var options = new TorrentAddOptions { Category = "movies" };

        var first = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, options);
        var second = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, options);
        var duplicate = await client.AddTorrentAsync(torrent.Bytes, options); // Fails. (4.5/5.0) or 409 (5.2)

        Assert.Equal(EnsureAddedOutcome.Added, first.Outcome);
        Assert.Equal(EnsureAddedOutcome.AlreadyPresent, second.Outcome);
        Assert.False(duplicate);
        Assert.Equal(1, fake.TorrentCount);
        Assert.Equal(2, fake.AddRequests);
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task A_refused_add_of_a_torrent_that_is_there_after_all_counts_as_already_present(QBittorrentFlavor flavor)
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        var torrent = TestTorrent.InMemory();
        using (var other = Client(fake))
            await other.AddTorrentAsync(torrent.Bytes, new TorrentAddOptions());
        // The first lookup misses it (added by someone else a moment later, as far as this client can tell).
        using var client = Client(fake, decorate: inner => new FirstLookupFindsNothing(inner));

        var result = await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, new TorrentAddOptions());

        Assert.Equal(EnsureAddedOutcome.AlreadyPresent, result.Outcome);
        Assert.Equal(torrent.InfoHash, result.Torrent?.Hash);
        Assert.Equal(2, fake.AddRequests);
        Assert.Equal(1, fake.TorrentCount);
    }

    [Fact]
    public async Task An_expired_5_2_session_with_its_port_named_cookie_is_renewed()
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = QBittorrentFlavor.V5_2 });
        RecordingHandler? recorder = null;
        using var client = Client(fake, decorate: inner => recorder = new RecordingHandler(inner));
        await client.GetVersionAsync();

        fake.ExpireSessions();
        await client.GetTorrentsAsync();

        Assert.StartsWith($"QBT_SID_{fake.BaseUrl.Port}=", recorder!.SessionCookie);
        Assert.Equal(2, fake.LoginAttempts);
        Assert.Equal(1, recorder.Requests.Count(r => r.Status == 403));
    }

    [Fact]
    public async Task A_401_on_an_api_call_also_brings_one_fresh_login()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        var refuseOnce = new RefuseFirstApiCall();
        using var client = Client(fake, decorate: inner => { refuseOnce.InnerHandler = inner; return refuseOnce; });
        await client.LoginAsync();

        var torrents = await client.GetTorrentsAsync();

        Assert.Empty(torrents);
        Assert.True(refuseOnce.Refused);
        Assert.Equal(2, fake.LoginAttempts);
    }

    /// <summary>Answers the first request that is not a login 401 Unauthorized, as a proxy or a newer version may.</summary>
    private sealed class RefuseFirstApiCall : DelegatingHandler
    {
        public bool Refused { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Refused || request.RequestUri!.AbsolutePath.EndsWith("auth/login", StringComparison.Ordinal))
                return base.SendAsync(request, cancellationToken);
            Refused = true;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized) { Content = new StringContent("Unauthorized") });
        }
    }

    [Fact]
    public async Task A_ban_is_reported_as_banned_and_not_made_sticky()
    {
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { MaxFailedLogins = 1 });
        using (var wrong = Client(fake, password: "nope"))
            await Assert.ThrowsAsync<QBittorrentException>(() => wrong.LoginAsync());
        using var client = Client(fake);

        var banned = await Assert.ThrowsAsync<QBittorrentException>(() => client.LoginAsync());
        fake.LiftBan();
        await client.LoginAsync();

        Assert.Equal(QBittorrentFailure.Banned, banned.Failure);
        Assert.Equal(3, fake.LoginAttempts);
    }

    internal static QBittorrentClient Client(FakeQBittorrent fake, string password = "adminadmin",
        Func<HttpMessageHandler, HttpMessageHandler>? decorate = null, TimeSpan? timeout = null) =>
        new(new QBittorrentConnection(fake.BaseUrl, "admin", password), new QBittorrentClientOptions
        {
            DecorateHandler = decorate,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            AddedLookupDelay = TimeSpan.FromMilliseconds(1),
        });

    /// <summary>Answers the first torrents/info with an empty list, as if the torrent were not there yet.</summary>
    private sealed class FirstLookupFindsNothing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _lookups;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            request.RequestUri!.AbsolutePath.EndsWith("/torrents/info") && Interlocked.Increment(ref _lookups) == 1
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]") })
                : base.SendAsync(request, ct);
    }
}
