using Npgsql;

namespace MovieSync.Configuration;

/// <summary>Which database holds the event journal.</summary>
public enum JournalProvider
{
    /// <summary><c>&lt;home&gt;/moviesync.db</c>: one machine, nothing to run beside MovieSync.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by <c>journal.connection_string</c>.</summary>
    PostgreSql,
}

/// <summary>
/// The <c>journal</c> section. The connection string is a secret (it may hold a password): it is never printed, and
/// <see cref="Describe"/> and <see cref="Redact"/> are what may be shown of it.
/// </summary>
public sealed record JournalSettings
{
    public static JournalSettings Sqlite { get; } = new();

    public JournalProvider Provider { get; init; } = JournalProvider.Sqlite;

    public string? ConnectionString { get; init; }

    /// <summary>Where the journal is, without the password: "PostgreSQL at db.example:5432, database moviesync, user moviesync".</summary>
    public string Describe(string home) => Provider == JournalProvider.Sqlite
        ? Path.Combine(home, "moviesync.db")
        : PostgreSqlConnection.Describe(ConnectionString!);

    /// <summary><paramref name="text"/> with the connection string's password, if any, masked.</summary>
    public string Redact(string text) => ConnectionString is null ? text : PostgreSqlConnection.Redact(text, ConnectionString);

    public override string ToString() =>
        $"JournalSettings {{ Provider = {Provider}, ConnectionString = {SecretMasking.Mask(ConnectionString)} }}";
}

/// <summary>What MovieSync checks and shows of a PostgreSQL connection string (Npgsql's keyword=value syntax).</summary>
public static class PostgreSqlConnection
{
    public const string Example = "Host=db.example;Port=5432;Database=moviesync;Username=moviesync;Password=...";

    /// <summary>Null when Npgsql accepts <paramref name="connectionString"/> and it names a server, else what is wrong.</summary>
    /// <remarks>Npgsql's own message is not repeated: a password with an unquoted ';' would show up in it.</remarks>
    public static string? Problem(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return $"not a PostgreSQL connection string Npgsql accepts (keyword=value pairs separated by ';', such as {Example}; " +
                   "quote a value holding ';' with single quotes); the value is not printed, it may hold a password";
        }

        return string.IsNullOrWhiteSpace(settings.Host)
            ? $"names no server: add Host=, such as {Example}"
            : null;
    }

    /// <summary>Server, database and user, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var database = settings.Database ?? settings.Username ?? "(the user's default)";
        return $"PostgreSQL at {settings.Host}:{settings.Port}, database {database}, user {settings.Username ?? "(the OS user)"}";
    }

    /// <summary><paramref name="text"/> with the password of <paramref name="connectionString"/> masked wherever it appears.</summary>
    public static string Redact(string text, string connectionString)
    {
        string? password;
        try
        {
            password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            return text.Replace(connectionString, SecretMasking.Mask(connectionString), StringComparison.Ordinal);
        }

        text = text.Replace(connectionString, SecretMasking.Mask(connectionString), StringComparison.Ordinal);
        return string.IsNullOrEmpty(password) ? text : text.Replace(password, SecretMasking.Mask(password), StringComparison.Ordinal);
    }
}
