using System.Diagnostics;
using System.Globalization;
using MovieSync.Clients.Library;

namespace MovieSync.Bench.Library;

/// <summary>Matching films against a download directory: building the index once, then one lookup per film.</summary>
internal static class LibraryMatchBench
{
    private static readonly string[] Tags = ["1080p.BluRay.x264-GRP", "2160p.UHD.BluRay.x265-TERMiNAL", "720p.WEB-DL.DDP5.1-EVO", "1080p.WEBRip.x264-RARBG"];

    public static void Run(int entries, int films)
    {
        var root = Directory.CreateTempSubdirectory("moviesync-bench-library-").FullName;
        try
        {
            // Half folders ("Title (Year)" or release names), half loose video files, like a real collection.
            for (var i = 0; i < entries; i++)
            {
                var title = $"Film Title Number {i}";
                var year = 1930 + i % 95;
                if (i % 2 == 0)
                    Directory.CreateDirectory(Path.Combine(root, i % 4 == 0 ? $"{title} ({year})" : $"{title.Replace(' ', '.')}.{year}.{Tags[i % Tags.Length]}"));
                else
                    File.WriteAllBytes(Path.Combine(root, $"{title.Replace(' ', '.')}.{year}.{Tags[i % Tags.Length]}.mkv"), []);
            }

            var build = Stopwatch.StartNew();
            var index = LibraryIndex.Build(root);
            build.Stop();

            var found = 0;
            var lookups = Stopwatch.StartNew();
            for (var f = 0; f < films; f++)
            {
                // Every other film is in the library, the rest are not.
                var n = f % 2 == 0 ? f * (entries / films) : entries + f;
                if (index.FindMatch($"Film Title Number {n}", 1930 + n % 95) is not null)
                    found++;
            }

            lookups.Stop();
            var expected = (films + 1) / 2;
            if (found != expected)
                throw new InvalidOperationException($"found {found} films in the library, expected {expected}: the index is wrong, the timing means nothing");
            Console.WriteLine($"Library match benchmark: {entries:N0} entries in the download directory, {films:N0} films looked up");
            Console.WriteLine();
            Console.WriteLine("| step | time |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| build the index ({index.Count:N0} entries) | {build.Elapsed.TotalMilliseconds:N0} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| match one film (mean of {films:N0}; {found:N0} found) | {lookups.Elapsed.TotalMilliseconds * 1000 / films:N1} µs |"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
