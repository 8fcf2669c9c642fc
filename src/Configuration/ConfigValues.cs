using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>
/// The merged configuration read key by key: each read checks the value against its key's kind and records a problem,
/// named by the key at fault (or the <c>MOVIESYNC_*</c> variable that set it), in <see cref="Problems"/>.
/// </summary>
internal sealed class ConfigValues(IConfigurationRoot root, EnvironmentOverrides overrides, List<string> problems)
{
    public IConfigurationRoot Root => root;

    public List<string> Problems => problems;

    public string? Text(string key) => root[key] is { Length: > 0 } value ? value : null;

    public string Required(string key, string meaning)
    {
        if (Text(key) is { } value && value.Trim().Length > 0)
            return value;
        problems.Add($"{Name(key)}: required, {meaning}");
        return "";
    }

    /// <summary>The raw value when present and acceptable for its key; records a problem otherwise.</summary>
    public string? Checked(string key)
    {
        if (Text(key) is not { } value || root.GetSection(key).GetChildren().Any())
            return null;
        var kind = ConfigSchema.Keys[key];
        if (ConfigSchema.Check(kind, value) is not { } problem)
            return value;
        problems.Add($"{Name(key)}: {(problem.Length > 0 ? problem : "expected " + ConfigSchema.Accepted(kind))}, got {Quote(value)}");
        return null;
    }

    /// <summary>A duration in seconds; more than ten years is refused rather than overflowing a TimeSpan or a date.</summary>
    public TimeSpan Seconds(string key, long fallback)
    {
        if (Checked(key) is not { } v)
            return TimeSpan.FromSeconds(fallback);
        var seconds = long.Parse(v, CultureInfo.InvariantCulture);
        if (seconds <= ConfigSchema.MaxSeconds)
            return TimeSpan.FromSeconds(seconds);
        problems.Add($"{Name(key)}: {seconds} seconds is more than 10 years ({ConfigSchema.MaxSeconds}), the longest MovieSync accepts");
        return TimeSpan.FromSeconds(fallback);
    }

    public int Number(string key, int fallback) => Checked(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Decimal(string key, double fallback) =>
        Checked(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string key, bool fallback) => Checked(key) is { } v ? bool.Parse(v) : fallback;

    public Uri Url(string key, string fallback) => new(Checked(key) ?? fallback);

    public IReadOnlyList<T> List<T>(string key, IReadOnlyList<T> fallback, Func<string, T> parse)
    {
        var kind = ConfigSchema.Keys[key];
        IReadOnlyList<string> items;
        if (overrides.Lists.TryGetValue(key, out var fromEnvironment))
            items = fromEnvironment;
        else if (root.GetSection(key).GetChildren().ToList() is { Count: > 0 } children)
            items = children.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? "").ToList();
        else if (root[key] is { Length: > 0 } scalar)
        {
            problems.Add($"{Name(key)}: expected {ConfigSchema.Accepted(kind)}, got {Quote(scalar)}");
            return fallback;
        }
        else if (root.AsEnumerable().Any(k => k.Key.Equals(key, StringComparison.OrdinalIgnoreCase)))
            return [];
        else
            return fallback;

        var bad = kind == KeyKind.NumberList ? items.Where(i => !int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)).ToList() : [];
        if (bad.Count > 0)
        {
            problems.Add($"{Name(key)}: expected {ConfigSchema.Accepted(kind)}, got {string.Join(", ", bad.Select(Quote))}");
            return fallback;
        }

        return items.Select(parse).ToList();
    }

    /// <summary>How a problem names <paramref name="key"/>: <c>filelist.passkey</c>, or the variable that set it.</summary>
    public string Name(string key) =>
        overrides.SourceOf(key) is { } variable ? $"{variable} ({key.Replace(':', '.')})" : key.Replace(':', '.');

    public static string Quote(string value) => "\"" + (value.Length > 60 ? value[..60] + "…" : value) + "\"";
}
