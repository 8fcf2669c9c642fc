namespace MovieSync.Configuration;

/// <summary>Reads how the host runs: <c>journal</c>, <c>dashboard</c> and <c>logging</c>.</summary>
internal static class HostReader
{
    public static JournalSettings Journal(ConfigValues values)
    {
        var problems = values.Problems;
        var provider = values.Checked("journal:provider")?.ToLowerInvariant() == "postgresql" ? JournalProvider.PostgreSql : JournalProvider.Sqlite;
        var connectionString = values.Text("journal:connection_string");
        var name = values.Name("journal:connection_string");
        if (provider == JournalProvider.PostgreSql)
        {
            if (connectionString is null)
                problems.Add($"{name}: required when journal.provider is \"postgresql\": a PostgreSQL connection string such as {PostgreSqlConnection.Example}");
            else if (PostgreSqlConnection.Problem(connectionString) is { } problem)
                problems.Add($"{name}: {problem}");
        }
        else if (connectionString is not null)
        {
            problems.Add($"{name}: set, but journal.provider is \"sqlite\" (the journal is moviesync.db in the home folder); " +
                         "set journal.provider to \"postgresql\" to use the connection string");
        }

        return new JournalSettings { Provider = provider, ConnectionString = provider == JournalProvider.PostgreSql ? connectionString : null };
    }

    public static DashboardOptions Dashboard(ConfigValues values) => new()
    {
        Listen = values.Checked("dashboard:listen") ?? "127.0.0.1:5055",
        Token = values.Text("dashboard:token"),
        Certificate = values.Text("dashboard:certificate"),
        CertificatePassword = values.Text("dashboard:certificate_password"),
    };

    /// <summary>The dashboard's rules across its keys: a token off loopback, the token's length, the certificate opens.</summary>
    public static void CheckDashboard(ConfigValues values, DashboardOptions dashboard)
    {
        var problems = values.Problems;
        var minimum = DashboardOptions.MinimumTokenLength;
        if (ListenAddress.Parse(dashboard.Listen) is var (host, _) && !ListenAddress.IsLoopback(host) && string.IsNullOrEmpty(dashboard.Token))
            problems.Add($"dashboard.listen: {dashboard.Listen} is reachable from other machines; set dashboard.token (at least {minimum} characters), or listen on 127.0.0.1");
        // One rule wherever the dashboard listens: a short token set for loopback would follow the dashboard off it.
        if (dashboard.Token is { } token && token.Length < minimum)
            problems.Add($"{values.Name("dashboard:token")}: must be at least {minimum} characters; generate one with: openssl rand -hex {minimum / 2}");

        if (dashboard.Certificate is { } certificate)
        {
            try
            {
                CertificateFile.Open(certificate, dashboard.CertificatePassword).Dispose();
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        else if (dashboard.CertificatePassword is not null)
            problems.Add($"{values.Name("dashboard:certificate_password")}: set, but dashboard.certificate (the .pfx file it opens) is not");
    }

    public static LoggingOptions Logging(ConfigValues values) => new()
    {
        Format = values.Checked("logging:format")?.ToLowerInvariant() == "json" ? LogFormat.Json : LogFormat.Text,
    };
}
