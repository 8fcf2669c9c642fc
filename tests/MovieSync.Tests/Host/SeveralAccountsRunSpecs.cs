using System.Text.Json;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>The real `run` with two FileList accounts in filelist.accounts, against a fake FileList that knows both.</summary>
public sealed class SeveralAccountsRunSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Second = "second_account";
    private const string SecondPasskey = "aaaabbbbccccddddeeeeffff00001111";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(10).ToList();
    private FakeServices _services = null!;

    public async Task InitializeAsync() =>
        _services = await FakeServices.StartAsync(_films, listed: _films, otherAccounts: new Dictionary<string, string> { [Second] = SecondPasskey });

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Ten_films_are_grabbed_once_each_through_both_accounts_and_no_passkey_is_shown()
    {
        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run);
        var first = _services.FileList.Username;

        var (code, json) = MovieSyncProcess.Run(["accounts", "--json", "--home", _services.Home.Path]);
        Assert.True(code == 0, json);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("username").GetString()!, r => (r.GetProperty("state").GetString(), r.GetProperty("searches").GetInt32(),
                r.GetProperty("downloads").GetInt32()));

        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
        output.WriteLine(json);

        // Both accounts worked, each downloading what it searched; every film was added once.
        Assert.True(_services.FileList.SearchesBy(first) > 0 && _services.FileList.SearchesBy(Second) > 0,
            $"searches: {first} {_services.FileList.SearchesBy(first)}, {Second} {_services.FileList.SearchesBy(Second)}");
        Assert.Equal(_films.Count, _services.FileList.DownloadsBy(first) + _services.FileList.DownloadsBy(Second));
        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        Assert.Equal(_services.FileList.SearchesBy(first), rows[first].Item2);
        Assert.Equal(_services.FileList.DownloadsBy(Second), rows[Second].Item3);
        Assert.All(rows.Values, r => Assert.Equal("ok", r.Item1));
        foreach (var secret in new[] { _services.FileList.Passkey, SecondPasskey })
            Assert.DoesNotContain(secret, run.Output + json, StringComparison.OrdinalIgnoreCase);
    }
}
