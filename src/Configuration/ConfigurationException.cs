namespace MovieSync.Configuration;

/// <summary>Bad configuration or an unusable home folder; every problem names the key (or file) and what is accepted.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems, string? filePath = null)
    : Exception(Describe(problems, filePath))
{
    public ConfigurationException(string problem, string? filePath = null) : this([problem], filePath) { }

    public IReadOnlyList<string> Problems { get; } = problems;

    public string? FilePath { get; } = filePath;

    private static string Describe(IReadOnlyList<string> problems, string? filePath)
    {
        var where = filePath is null ? "" : $"{filePath}: ";
        return problems.Count == 1
            ? where + problems[0]
            : $"{where}{problems.Count} problems:{Environment.NewLine}" +
              string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
    }
}
