using MovieSync.Tests.Support;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Actors.Adapters.Simulation;
using Xunit;

namespace MovieSync.Web.Tests.Support;

/// <summary>
/// A real `moviesync run` on a copy of the <see cref="SeededJournal"/>, its dashboard on 127.0.0.1 at the address it
/// publishes in run.json. Grabs take ten minutes in this life, so the pending films (and any film retried) stay pending.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const double GrabSeconds = 600;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly MovieSyncProcess _process;

    private readonly X509Certificate2? _trusted;

    private DashboardHost(TestHome home, MovieSyncProcess process, Uri url, string? token, X509Certificate2? trusted)
    {
        Home = home;
        _process = process;
        Url = url;
        _trusted = trusted;
        Api = Client(token);
    }

    public TestHome Home { get; }

    /// <summary>Where the dashboard answers, from run.json: http://127.0.0.1:PORT/ (https with dashboard.certificate).</summary>
    public Uri Url { get; }

    /// <summary>A client of the API that sends the token (if any) and no Origin, as the CLI does.</summary>
    public HttpClient Api { get; }

    public string Output => _process.Output;

    /// <param name="token">dashboard.token, if any.</param>
    /// <param name="dashboard">Further changes to the dashboard section (a certificate, say).</param>
    /// <param name="trusted">The certificate the host serves over HTTPS: the host's clients trust it, and only it.</param>
    /// <param name="postgres">A PostgreSQL database to run on instead of the home's SQLite file: the seed is copied into it
    /// with `journal copy`.</param>
    public static async Task<DashboardHost> StartAsync(string? token = null, Action<JsonObject>? dashboard = null, X509Certificate2? trusted = null,
        MovieSync.Specs.TestDatabase? postgres = null)
    {
        var seed = await SeededJournal.GetAsync();
        var home = seed.CopyInto(new TestHome(config =>
        {
            var section = (JsonObject)config["dashboard"]!;
            if (token is not null)
                section["token"] = token;
            dashboard?.Invoke(section);
            if (postgres is not null)
                config["journal"] = postgres.ConfigSection;
        }));
        if (postgres is not null)
        {
            var (copied, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", postgres.ConnectionString, "--home", home.Path);
            Assert.True(copied == 0, output);
            File.Delete(home.JournalFile); // the host must read and write PostgreSQL alone
        }

        var planFile = home.FileNamed("plan.json");
        new SimulationPlan(Films.All.Select(f => f.Simulated).ToList(), GrabSeconds, SeededJournal.DownloadSeconds, home.FileNamed("ledger.txt"),
            home.Downloads).Save(planFile);
        var process = MovieSyncProcess.Start("run", "--home", home.Path, "--simulation", planFile);
        try
        {
            var url = await PublishedUrlAsync(home, process);
            var host = new DashboardHost(home, process, url, token, trusted);
            await host.WaitUntilSettledAsync();
            return host;
        }
        catch
        {
            process.Dispose();
            home.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A real `run` on a new home (no seeded journal) whose simulated watchlist is <paramref name="films"/>, each grabbed
    /// after <paramref name="grabSeconds"/> and downloaded in <paramref name="downloadSeconds"/>; started, not waited for.
    /// </summary>
    public static async Task<DashboardHost> StartFreshAsync(IReadOnlyList<SimulatedMovie> films, Action<JsonObject> configure, double grabSeconds,
        double downloadSeconds)
    {
        var home = new TestHome(configure);
        var planFile = home.FileNamed("plan.json");
        new SimulationPlan(films, grabSeconds, downloadSeconds, home.FileNamed("ledger.txt"), home.Downloads).Save(planFile);
        var process = MovieSyncProcess.Start("run", "--home", home.Path, "--simulation", planFile);
        try
        {
            return new DashboardHost(home, process, await PublishedUrlAsync(home, process), null, null);
        }
        catch
        {
            process.Dispose();
            home.Dispose();
            throw;
        }
    }

    /// <summary>A client of this host with its own settings (no token, no redirects, cookies by hand...).</summary>
    public HttpClient Client(string? token = null, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? Handler())
        {
            BaseAddress = Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>No redirects, cookies by hand, and over HTTPS trust in the host's certificate alone.</summary>
    public SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        if (_trusted is { } trusted)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData);
        return handler;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Counts per state, as <c>GET /api/status</c> gives them.</summary>
    public async Task<Dictionary<string, int>> StatusAsync() =>
        (await GetJsonAsync("api/status")).EnumerateObject().Where(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt32());

    public async Task<List<string>> IdsAsync(string path) =>
        (await GetJsonAsync(path)).EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();

    public async Task<List<string>> HistoryEventsAsync(string id) =>
        (await GetJsonAsync($"api/movies/{id}/history")).EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds (the host works on in the background), or fails the spec.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.False(_process.HasExited, $"the host stopped while waiting for {what}:\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; host output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every film in its seeded state, and the downloads' progress known (their actors answer).</summary>
    private Task WaitUntilSettledAsync() => WaitForAsync(async () =>
    {
        var status = await StatusAsync();
        if (status["total"] != Films.All.Count || status["pending"] != Films.InState("pending").Count())
            return false;
        var downloading = (await GetJsonAsync("api/movies?state=downloading")).EnumerateArray().ToList();
        return downloading.Count == Films.InState("downloading").Count() &&
               downloading.All(m => m.GetProperty("progress").ValueKind == JsonValueKind.Number);
    }, "the seeded films and their download progress", StartTimeout);

    private static async Task<Uri> PublishedUrlAsync(TestHome home, MovieSyncProcess process)
    {
        var runJson = home.FileNamed("run.json");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            Assert.False(process.HasExited, $"moviesync run stopped:\n{process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"moviesync run published no API address in run.json within {StartTimeout}:\n{process.Output}");
            try
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(runJson));
                if (json.RootElement.TryGetProperty("api_url", out var url) && url.GetString() is { } address)
                    return new Uri(address.EndsWith('/') ? address : address + "/");
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // not written yet, or being written
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        _process.Dispose(); // killed: the journal is a throw-away copy
        await Task.Yield();
        Home.Dispose();
    }
}
