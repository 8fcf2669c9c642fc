using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>`accounts` and `status --json`'s accounts without a running host: config.json and the accounts' journaled budgets.</summary>
public sealed class AccountsCommandSpecs(LeftBehindJournal journal) : IClassFixture<LeftBehindJournal>, IDisposable
{
    private const string KeyA = "0123456789abcdef0123456789abcdef";
    private const string KeyB = "fedcba9876543210fedcba9876543210";

    private readonly TestHome _home = journal.CopyInto(new TestHome(config => config["filelist"] = new JsonObject
    {
        ["accounts"] = new JsonArray(
            new JsonObject { ["username"] = "u1", ["passkey"] = KeyA },
            new JsonObject { ["username"] = "u2", ["passkey"] = KeyB, ["requests_per_hour"] = 60 }),
    }));

    public void Dispose() => _home.Dispose();

    private (int ExitCode, string Output) Moviesync(params string[] args) => MovieSyncProcess.Run([.. args, "--home", _home.Path]);

    [Fact]
    public void Accounts_lists_each_configured_account_with_its_budget_and_never_a_passkey()
    {
        var (code, output) = Moviesync("accounts", "--json");
        Assert.True(code == 0, output);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("username").GetString(), r.GetProperty("node").GetString(), r.GetProperty("state").GetString(),
                r.GetProperty("requests_left").GetInt32(), r.GetProperty("requests_per_hour").GetInt32(),
                r.GetProperty("searches").GetInt32(), r.GetProperty("downloads").GetInt32()))
            .ToList();
        Assert.Equal([("u1", "local", "ok", 150, 150, 0, 0), ("u2", "local", "ok", 60, 60, 0, 0)], rows);

        var (tableCode, table) = Moviesync("accounts");
        Assert.Equal(0, tableCode);
        Assert.Contains(table.Split('\n'), l => l.StartsWith("u2 ") && l.Contains("60/60"));
        Assert.DoesNotContain(KeyA, output + table);
        Assert.DoesNotContain(KeyB, output + table);
    }

    [Fact]
    public void Status_json_carries_the_accounts()
    {
        var (code, output) = Moviesync("status", "--json");
        Assert.True(code == 0, output);
        var accounts = JsonDocument.Parse(output).RootElement.GetProperty("accounts").EnumerateArray()
            .Select(a => a.GetProperty("username").GetString()).ToList();
        Assert.Equal(["u1", "u2"], accounts);
        Assert.DoesNotContain(KeyA, output);
    }

    [Fact]
    public void Accounts_with_filelist_username_is_exit_2_naming_the_key()
    {
        var config = JsonNode.Parse(File.ReadAllText(_home.ConfigFile))!;
        config["filelist"]!["username"] = "solo";
        File.WriteAllText(_home.ConfigFile, config.ToJsonString());
        var (code, output) = Moviesync("accounts");
        Assert.Equal(2, code);
        Assert.Contains("filelist.username: not allowed together with filelist.accounts", output);
    }
}
