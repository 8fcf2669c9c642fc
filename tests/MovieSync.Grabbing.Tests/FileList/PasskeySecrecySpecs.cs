using Microsoft.Extensions.Logging;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

/// <summary>The passkey (and every download link, which embeds it) must never reach an error, a ToString or a log line.</summary>
public sealed class PasskeySecrecySpecs : IAsyncLifetime
{
    private const string Passkey = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private readonly HttpClient _http = new();
    private readonly ListLogger _log = new();
    private FakeFileList _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeFileList.StartAsync(new FakeFileListOptions { Passkey = Passkey });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task No_outcome_error_or_log_line_contains_the_passkey()
    {
        var seen = new List<string>();
        var account = new FileListAccount(_fake.BaseUrl, _fake.Username, Passkey);
        // The slow fault must time out quickly; a loaded machine must not time out the others (nor the first search).
        var client = new FileListClient(_http, account, TimeSpan.FromSeconds(1), _log);
        _fake.SlowDelay = TimeSpan.FromSeconds(4);
        var ok = await new FileListClient(_http, account, TimeSpan.FromSeconds(30), _log).SearchByImdbAsync("tt0133093", [4, 6]);
        seen.Add(ok.ToString());
        seen.AddRange(ok.Torrents.Select(t => t.ToString()));

        foreach (var fault in Enum.GetValues<FakeFileListFault>())
        {
            _fake.Fault = fault;
            var search = await client.SearchByImdbAsync("tt0133093", [4, 6]);
            var download = await client.DownloadTorrentAsync(ok.DownloadLinks[ok.Torrents[0].Id]);
            seen.AddRange([search.ToString(), search.Error ?? "", download.ToString(), download.Error ?? "", download.Torrent?.ToString() ?? ""]);
        }
        _fake.Fault = FakeFileListFault.None;
        var missing = await client.DownloadTorrentAsync(_fake.DownloadLinkFor(1));
        seen.Add(missing.ToString());

        Assert.Contains(seen, s => s.Contains("NotATorrent"));
        Assert.NotEmpty(_log.Lines);
        Assert.All(seen.Concat(_log.Lines), text => Assert.DoesNotContain(Passkey, text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Passkey, ok.DownloadLinks[ok.Torrents[0].Id].ToString());
    }

    [Fact]
    public async Task A_network_error_that_quotes_the_url_is_redacted()
    {
        using var leaky = new HttpClient(new ThrowingHandler());
        var client = new FileListClient(leaky, new FileListAccount(new Uri("https://filelist.io/"), "user", Passkey));

        var result = await client.DownloadTorrentAsync(new Uri($"https://filelist.io/download.php?id=1&passkey={Passkey}"));

        Assert.Equal(FileListOutcome.Unreachable, result.Outcome);
        Assert.Contains("passkey=***", result.Error);
        Assert.DoesNotContain(Passkey, result.Error);
    }

    [Fact]
    public void Records_that_hold_secrets_leave_them_out_of_ToString()
    {
        var account = new FileListAccount(new Uri("https://filelist.io/"), "user", Passkey);
        var link = new Uri($"https://filelist.io/download.php?id=1&passkey={Passkey}");
        var search = FileListSearchResult.Found([new FileListTorrent { Id = 1, Name = "x" }], new Dictionary<long, Uri> { [1] = link });

        Assert.DoesNotContain(Passkey, account.ToString());
        Assert.DoesNotContain(Passkey, search.ToString());
        Assert.DoesNotContain(Passkey, search.Torrents[0].ToString());
        Assert.DoesNotContain("download.php", search.ToString());
        Assert.Equal("https://filelist.io/download.php?id=1&passkey=***", SecretRedaction.RedactLink(link));
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException($"Name or service not known ({request.RequestUri})");
    }

    private sealed class ListLogger : ILogger<FileListClient>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception) + exception);
        }
    }
}
