using MovieSync.Configuration;
using Xunit;

namespace MovieSync.Tests.Configuration;

public sealed class ConfigLoaderSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string ConfigFile => Path.Combine(_home, "config.json");

    private MovieSyncOptions Load(string json)
    {
        File.WriteAllText(ConfigFile, json);
        return ConfigLoader.Load(_home, _environment);
    }

    private ConfigurationException LoadFails(string json) => Assert.Throws<ConfigurationException>(() => Load(json));

    [Fact]
    public void Minimal_config_takes_the_contract_defaults()
    {
        var options = Load("""{ "username": "alice", "download_directory": "/data/movies" }""");

        Assert.Equal("alice", options.Username);
        Assert.Equal(TimeSpan.FromHours(1), options.CheckInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.RetryInterval);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(2.0, options.BackoffMultiplier);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxRetryDelay);
        Assert.Equal(new Uri("https://letterboxd.com"), options.Letterboxd.BaseUrl);
        Assert.Equal(WatchlistSource.Scrape, options.Letterboxd.Source);
        Assert.Equal([4, 6, 19, 20, 26], options.FileList.Categories);
        Assert.Equal(["1080p", "2160p", "720p"], options.FileList.Resolutions);
        Assert.Equal(150, options.FileList.RequestsPerHour);
        Assert.Equal("movies", options.QBittorrent.Category);
        Assert.Equal(["moviesync"], options.QBittorrent.Tags);
        Assert.Equal("127.0.0.1:5055", options.Dashboard.Listen);
        Assert.Equal(TimeSpan.FromSeconds(172_800), options.QBittorrent.StalledAfter);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("600", 600)]
    public void Stalled_after_takes_seconds_and_zero_for_never(string value, int seconds)
    {
        var options = Load($$"""{ "username": "alice", "download_directory": "/data/movies", "qbittorrent": { "stalled_after": {{value}} } }""");

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.QBittorrent.StalledAfter);
        Assert.Equal(TimeSpan.FromSeconds(seconds), MovieSync.Actors.Hosting.SettingsFromOptions.Movies(options).StalledAfter);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"two days\"")]
    public void A_stalled_after_that_is_not_seconds_is_refused_naming_the_key(string value)
    {
        var error = LoadFails($$"""{ "username": "alice", "download_directory": "/data/movies", "qbittorrent": { "stalled_after": {{value}} } }""");

        Assert.Contains(error.Problems, p => p.StartsWith("qbittorrent.stalled_after: expected a whole number of seconds, 0 for never", StringComparison.Ordinal));
    }

    [Fact]
    public void The_contract_example_loads_as_written()
    {
        var options = Load("""
            {
              "username": "letterboxd_user", "check_interval": 600, "download_directory": "/data/movies",
              "retry_interval": 1800, "max_retries": 3, "backoff_multiplier": 1.5, "max_retry_delay": 7200,
              "letterboxd": { "base_url": "http://127.0.0.1:9000", "full_sync_interval": 86400, "source": "scrape", "export_path": null },
              "filelist": { "base_url": "https://filelist.io", "username": "u", "passkey": "0123456789abcdef0123456789abcdef",
                            "categories": [4, 6], "min_seeders": 2, "resolutions": ["2160p"], "max_size_gb": 40.5,
                            "prefer_freeleech": false, "requests_per_hour": 100 },
              "qbittorrent": { "url": "http://127.0.0.1:8080", "username": "admin", "password": "secret", "category": "films",
                               "save_path": null, "tags": ["a", "b"], "paused": true },
              "dashboard": { "listen": "127.0.0.1:5055", "token": null }
            }
            """);

        Assert.Equal(TimeSpan.FromMinutes(10), options.CheckInterval);
        Assert.Equal(1.5, options.BackoffMultiplier);
        Assert.Equal([4, 6], options.FileList.Categories);
        Assert.Equal(40.5, options.FileList.MaxSizeGb);
        Assert.False(options.FileList.PreferFreeleech);
        Assert.True(options.QBittorrent.Paused);
        Assert.Equal(["a", "b"], options.QBittorrent.Tags);
        Assert.Null(options.Letterboxd.ExportPath);
    }

    [Fact]
    public void Environment_overrides_the_file_with_double_underscores_between_levels()
    {
        _environment["MOVIESYNC_FILELIST__PASSKEY"] = "fedcba9876543210fedcba9876543210";
        _environment["MOVIESYNC_CHECK_INTERVAL"] = "120";
        _environment["MOVIESYNC_FILELIST__CATEGORIES"] = "4, 19";
        _environment["MOVIESYNC_HOME"] = "/ignored/here";
        _environment["PATH"] = "/usr/bin";

        var options = Load("""{ "username": "alice", "download_directory": "/d", "check_interval": 3600, "filelist": { "passkey": "0123456789abcdef0123456789abcdef", "categories": [1, 2, 3] } }""");

        Assert.Equal("fedcba9876543210fedcba9876543210", options.FileList.Passkey);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CheckInterval);
        Assert.Equal([4, 19], options.FileList.Categories);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_key()
    {
        var error = LoadFails("""
            {
              "chek_interval": 60,
              "check_interval": 0,
              "retry_interval": "soon",
              "max_retries": -1,
              "backoff_multiplier": 0.5,
              "qbittorrent": { "url": "localhost:8080" }
            }
            """);

        Assert.Equal(8, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("chek_interval: unknown key (did you mean check_interval?)"));
        Assert.Contains(error.Problems, p => p.StartsWith("check_interval: expected a whole number of seconds, at least 1, got \"0\""));
        Assert.Contains(error.Problems, p => p.StartsWith("retry_interval: expected a whole number of seconds") && p.Contains("\"soon\""));
        Assert.Contains(error.Problems, p => p.StartsWith("max_retries: expected a whole number, 0 or more"));
        Assert.Contains(error.Problems, p => p.StartsWith("backoff_multiplier: expected a number, at least 1.0"));
        Assert.Contains(error.Problems, p => p.StartsWith("qbittorrent.url: expected an absolute http(s) URL"));
        Assert.Contains(error.Problems, p => p.StartsWith("username: required"));
        Assert.Contains(error.Problems, p => p.StartsWith("download_directory: required"));
    }

    [Fact]
    public void Wrong_shapes_and_unknown_section_keys_are_named()
    {
        var error = LoadFails("""
            { "username": "a", "download_directory": "/d", "check_interval": { "hours": 1 },
              "filelist": { "categories": "4,6", "passkee": "x" }, "dashboard": 5 }
            """);

        Assert.Contains(error.Problems, p => p.StartsWith("check_interval: expected a whole number of seconds, at least 1, got an object or a list"));
        Assert.Contains(error.Problems, p => p.StartsWith("filelist.categories: expected a list of whole numbers"));
        Assert.Contains(error.Problems, p => p.StartsWith("filelist.passkee: unknown key (did you mean filelist.passkey?)"));
        Assert.Contains(error.Problems, p => p.StartsWith("dashboard: expected an object"));
    }

    [Fact]
    public void A_username_that_cannot_be_a_Letterboxd_member_is_named()
    {
        var error = LoadFails("""{ "username": "https://letterboxd.com/alice/", "download_directory": "/d" }""");

        Assert.StartsWith("username: expected a Letterboxd username (letters, digits and underscores)", Assert.Single(error.Problems));
    }

    [Fact]
    public void An_unknown_environment_variable_is_named()
    {
        _environment["MOVIESYNC_CHECK_INTERVALL"] = "60";
        _environment["MOVIESYNC_MAX_RETRIES"] = "many";

        var error = LoadFails("""{ "username": "a", "download_directory": "/d" }""");

        Assert.Contains(error.Problems, p => p.StartsWith("environment variable MOVIESYNC_CHECK_INTERVALL: not a MovieSync setting (did you mean MOVIESYNC_CHECK_INTERVAL?)"));
        Assert.Contains(error.Problems, p => p.StartsWith("MOVIESYNC_MAX_RETRIES (max_retries): expected a whole number"));
    }

    [Fact]
    public void A_file_that_is_not_json_is_one_line_with_line_and_column()
    {
        var error = LoadFails("{\n  \"username\": \"alice\",\n  \"check_interval\": 36 00\n}");

        Assert.Single(error.Problems);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(ConfigFile + ": not valid JSON at line 3, column", error.Message);
    }

    [Fact]
    public void Export_source_needs_a_path_and_a_public_dashboard_needs_a_token()
    {
        var error = LoadFails("""
            { "username": "a", "download_directory": "/d",
              "letterboxd": { "source": "export" }, "dashboard": { "listen": "0.0.0.0:5055" } }
            """);

        Assert.Contains(error.Problems, p => p.StartsWith("letterboxd.export_path: required when letterboxd.source is \"export\""));
        Assert.Contains(error.Problems, p => p.StartsWith("dashboard.listen: 0.0.0.0:5055 is reachable from other machines; set dashboard.token"));
    }

    [Theory]
    [InlineData("not-a-passkey")]
    [InlineData("0123456789abcdef0123456789abcde")] // one short
    [InlineData("0123456789abcdef0123456789abcdef ")] // a space pasted with it
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public void A_passkey_that_is_not_32_hexadecimal_characters_is_named_without_its_value(string passkey)
    {
        var error = LoadFails($$"""{ "username": "a", "download_directory": "/d", "filelist": { "username": "u", "passkey": "{{passkey}}" } }""");

        var problem = Assert.Single(error.Problems);
        Assert.Equal($"filelist.passkey: expected FileList's passkey, 32 hexadecimal characters (0-9, a-f; see your FileList profile), " +
                     $"got {passkey.Length} characters that are not", problem);
        Assert.DoesNotContain(passkey.Trim(), error.Message);
    }

    [Fact]
    public void A_missing_file_gets_a_template_readable_only_by_its_owner()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(_home, _environment));

        Assert.True(File.Exists(ConfigFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
        Assert.Contains(error.Problems, p => p.Contains("a template was written to " + ConfigFile));
        Assert.Contains(error.Problems, p => p.StartsWith("username: required"));
    }

    [Fact]
    public void Settings_from_the_environment_alone_need_no_file()
    {
        _environment["MOVIESYNC_USERNAME"] = "alice";
        _environment["MOVIESYNC_DOWNLOAD_DIRECTORY"] = "/d";

        var options = ConfigLoader.Load(_home, _environment);

        Assert.Equal("alice", options.Username);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public void Secrets_are_masked_when_options_are_printed()
    {
        var options = Load("""
            { "username": "a", "download_directory": "/d", "filelist": { "passkey": "0123456789abcdef0123456789abcdef" },
              "qbittorrent": { "password": "hunter2" }, "dashboard": { "token": "tok-123-tok-123-tok-123-tok-123-tok" } }
            """);

        var printed = options.ToString() + options.FileList + options.QBittorrent + options.Dashboard;

        Assert.DoesNotContain("0123456789abcdef", printed);
        Assert.DoesNotContain("hunter2", printed);
        Assert.DoesNotContain("tok-123", printed);
        Assert.Equal("********", SecretMasking.Describe("filelist.passkey", "abc"));
        Assert.Equal("(not set)", SecretMasking.Describe("qbittorrent.password", null));
        Assert.Equal("alice", SecretMasking.Describe("username", "alice"));
    }

    [Fact]
    public void A_key_with_a_closed_set_of_values_refuses_any_other_naming_the_key_and_the_accepted_values()
    {
        var error = LoadFails("""{ "username": "alice", "download_directory": "/data/movies", "letterboxd": { "source": "rss" } }""");

        Assert.Contains("letterboxd.source: expected \"scrape\" or \"export\", got \"rss\"", error.Problems);
    }

    [Theory]
    [InlineData("max_retry_delay")]
    [InlineData("retry_interval")]
    [InlineData("check_interval")]
    public void A_duration_too_large_for_a_date_is_refused_naming_the_key(string key)
    {
        var error = LoadFails($$"""{ "username": "alice", "download_directory": "/data/movies", "{{key}}": 1000000000000 }""");

        Assert.Contains($"{key}: 1000000000000 seconds is more than 10 years (315360000), the longest MovieSync accepts", error.Problems);
    }
}
