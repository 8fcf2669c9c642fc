namespace MovieSync.Host.Journal;

/// <summary>Checks that the journal file is what it should be before anything opens it.</summary>
public static class JournalFile
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>Null when the file is absent or a SQLite database, else what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0)
                return null; // SQLite initialises an empty file
            var header = new byte[SqliteHeader.Length];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return read == header.Length && header.AsSpan().SequenceEqual(SqliteHeader)
                ? null
                : $"{path} is not a SQLite database (MovieSync's journal); move it away or point --home elsewhere";
        }
        catch (IOException e)
        {
            return $"{path} cannot be read: {e.Message}";
        }
        catch (UnauthorizedAccessException)
        {
            return $"{path} cannot be read: permission denied";
        }
    }
}
