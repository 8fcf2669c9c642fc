using System.Text.RegularExpressions;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// src/Host's folders are layers: a folder uses only the folders below it (the table, also in the README under
/// "Inside the host"), so no two folders use each other. Namespaces follow folders.
/// </summary>
public sealed class HostLayeringSpecs
{
    /// <summary>Each folder of src/Host and the folders it may use; every other folder is above it.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Journal"] = [],
        ["Home"] = ["Journal"],
        ["Hosting"] = ["Home", "Journal"],
        ["Cluster"] = ["Hosting", "Home", "Journal"],
        ["Web"] = ["Hosting", "Home", "Journal"],
        ["Run"] = ["Web", "Cluster", "Hosting", "Home", "Journal"],
        ["Demo"] = ["Run", "Hosting", "Home", "Journal"],
        ["Cli"] = ["Demo", "Run", "Web", "Hosting", "Home", "Journal"],
    };

    public static TheoryData<string> Folders() => new(HostSources.Folders());

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_below_it(string folder)
    {
        Assert.True(MayUse.ContainsKey(folder), $"src/Host/{folder} is not in the layer table: add it to HostLayeringSpecs.MayUse and the README");
        var above = MayUse.Keys.Except(MayUse[folder]).Where(other => other != folder).ToList();
        var uses = HostSources.Files(folder)
            .SelectMany(file => above
                .Where(other => References(File.ReadAllText(file), other))
                .Select(other => $"{Path.GetFileName(file)} uses {other}"))
            .ToList();

        Assert.Empty(uses);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Namespaces_follow_folders(string folder)
    {
        var astray = HostSources.Files(folder)
            .Where(file => !Regex.IsMatch(File.ReadAllText(file), $@"^namespace MovieSync\.Host\.{folder}(\.\w+)*;", RegexOptions.Multiline))
            .Select(Path.GetFileName);

        Assert.Empty(astray);
    }

    [Fact]
    public void The_readme_shows_the_same_table()
    {
        var readme = File.ReadAllText(Path.Combine(HostSources.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("### Inside the host", StringComparison.Ordinal)..];
        var rows = section.Split('\n').SkipWhile(line => !line.StartsWith("| `", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .SelectMany(cells => Names(cells[1]).Select(folder => (Folder: folder, MayUse: Names(cells[^2]).Order())))
            .ToDictionary(row => row.Folder, row => row.MayUse);

        Assert.Equal(MayUse.Keys.Order(), rows.Keys.Order());
        Assert.All(MayUse, layer => Assert.Equal(layer.Value.Order(), rows[layer.Key]));
    }

    private static IEnumerable<string> Names(string cell) => Regex.Matches(cell, "`(\\w+)`").Select(m => m.Groups[1].Value);

    [Fact]
    public void The_check_sees_a_using_a_qualified_name_and_a_name_relative_to_the_host()
    {
        Assert.True(References("using MovieSync.Host.Cli;", "Cli"));
        Assert.True(References("throw new MovieSync.Host.Cli.UsageException(\"x\");", "Cli"));
        Assert.True(References("global::MovieSync.Host.Web.MovieBoard board", "Web"));
        Assert.True(References("var text = Cli.EventText.Describe(entry);", "Cli"));
        Assert.False(References("MovieSyncCommandLine.Home.Description", "Home"));
        Assert.False(References("using MovieSync.Host.Hosting;", "Home"));
    }

    /// <summary>A using, a fully qualified name, or a name qualified from MovieSync.Host (`Web.MovieBoard`).</summary>
    private static bool References(string source, string folder) =>
        Regex.IsMatch(source, $@"\bMovieSync\.Host\.{folder}\b|(?<![\w.]){folder}\.[A-Z]");
}

/// <summary>The host's source files, found from the test's output folder up to the repository root.</summary>
internal static class HostSources
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Root => Path.Combine(RepositoryRoot, "src", "Host");

    /// <summary>The folders of src/Host that hold C# files (bin and obj excluded).</summary>
    public static IEnumerable<string> Folders() => Directory.EnumerateDirectories(Root)
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(name => name is not ("bin" or "obj") && Files(name).Any())
        .Order();

    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MovieSync.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException($"MovieSync.sln not found above {AppContext.BaseDirectory}");
    }
}
