using MovieSync.Configuration;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary><c>filelist.accounts</c>: several FileList accounts on one node, and how a mistake in them is named.</summary>
public sealed class FileListAccountsConfigSpecs : IDisposable
{
    private const string KeyA = "0123456789abcdef0123456789abcdef";
    private const string KeyB = "fedcba9876543210fedcba9876543210";

    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-config-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private MovieSyncOptions Load(string fileList, Dictionary<string, string?>? environment = null)
    {
        File.WriteAllText(Path.Combine(_home, "config.json"),
            $$"""{ "username": "alice", "download_directory": "/d", "filelist": {{fileList}} }""");
        return ConfigLoader.Load(_home, environment ?? new Dictionary<string, string?>());
    }

    [Fact]
    public void A_passkey_can_come_from_the_environment()
    {
        var options = Load("""{ "accounts": [ { "username": "u1" } ] }""",
            new Dictionary<string, string?> { ["MOVIESYNC_FILELIST__ACCOUNTS__0__PASSKEY"] = KeyA });
        Assert.Equal(KeyA, Assert.Single(options.FileList.AllAccounts).Passkey);
    }

    private ConfigurationException LoadFails(string fileList) => Assert.Throws<ConfigurationException>(() => Load(fileList));

    [Fact]
    public void Each_account_has_its_own_credentials_and_request_budget()
    {
        var options = Load($$"""
            { "accounts": [ { "username": "u1", "passkey": "{{KeyA}}", "requests_per_hour": 100 },
                            { "username": "u2", "passkey": "{{KeyB}}" } ] }
            """);

        Assert.Equal(
            [new FileListAccountOptions { Username = "u1", Passkey = KeyA, RequestsPerHour = 100 },
             new FileListAccountOptions { Username = "u2", Passkey = KeyB, RequestsPerHour = 150 }],
            options.FileList.AllAccounts);
    }

    [Fact]
    public void Username_and_passkey_stay_the_way_to_give_one_account()
    {
        var options = Load($$"""{ "username": "solo", "passkey": "{{KeyA}}", "requests_per_hour": 60 }""");
        Assert.Empty(options.FileList.Accounts);
        Assert.Equal([new FileListAccountOptions { Username = "solo", Passkey = KeyA, RequestsPerHour = 60 }], options.FileList.AllAccounts);
    }

    [Fact]
    public void Accounts_together_with_the_single_account_keys_are_refused_naming_each_key()
    {
        var error = LoadFails($$"""
            { "username": "solo", "requests_per_hour": 60, "accounts": [ { "username": "u1", "passkey": "{{KeyA}}" } ] }
            """);
        Assert.Contains(error.Problems, p => p.StartsWith("filelist.username: not allowed together with filelist.accounts"));
        Assert.Contains(error.Problems, p => p.StartsWith("filelist.requests_per_hour: not allowed together with filelist.accounts"));
    }

    [Fact]
    public void A_username_given_twice_is_refused()
    {
        var error = LoadFails($$"""
            { "accounts": [ { "username": "u1", "passkey": "{{KeyA}}" }, { "username": "u1", "passkey": "{{KeyB}}" } ] }
            """);
        Assert.Contains("filelist.accounts: username \"u1\" is given 2 times; usernames are unique", error.Problems);
    }

    [Fact]
    public void A_bad_passkey_is_named_by_its_place_and_length_never_its_value()
    {
        var error = LoadFails($$"""
            { "accounts": [ { "username": "u1", "passkey": "{{KeyA}}" }, { "username": "u2", "passkey": "not-a-passkey" } ] }
            """);
        Assert.Contains("filelist.accounts[1].passkey: expected FileList's passkey, 32 hexadecimal characters (0-9, a-f; see your FileList " +
                        "profile), got 13 characters that are not", error.Problems);
        Assert.DoesNotContain("not-a-passkey", error.Message);
    }

    [Fact]
    public void Missing_credentials_unknown_keys_and_a_bad_budget_are_named()
    {
        var error = LoadFails("""
            { "accounts": [ { "username": "u1", "passkee": "x", "requests_per_hour": 0 } ] }
            """);
        Assert.Contains("filelist.accounts[0].passkey: required, the account's passkey (32 hexadecimal characters)", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("filelist.accounts[0].passkee: unknown key"));
        Assert.Contains("filelist.accounts[0].requests_per_hour: expected a whole number, at least 1, got \"0\"", error.Problems);
    }

    [Fact]
    public void A_printed_account_masks_its_passkey()
    {
        var account = new FileListAccountOptions { Username = "u1", Passkey = KeyA };
        Assert.DoesNotContain(KeyA, account.ToString());
        Assert.True(SecretMasking.IsSecret("filelist:accounts:0:passkey"));
    }
}
