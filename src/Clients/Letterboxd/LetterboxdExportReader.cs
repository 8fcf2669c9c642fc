using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Clients.Letterboxd;

/// <summary>One row of the export's watchlist.csv.</summary>
/// <param name="ShortKey">The boxd.it key from the row's URI (<c>https://boxd.it/2bg8</c> → <c>2bg8</c>).</param>
public sealed record ExportedFilm(DateOnly? AddedOn, string Title, int? Year, string Uri, string? ShortKey)
{
    /// <summary>The slug used when the short link cannot be followed: title and year (<see cref="FilmNames.DeriveSlug"/>).</summary>
    public string DerivedSlug => FilmNames.DeriveSlug(Title, Year);
}

/// <summary>The films of an export, newest addition first, with a fingerprint of the file they came from.</summary>
public sealed record ExportedWatchlist(IReadOnlyList<ExportedFilm> Films, string Fingerprint);

/// <summary>Thrown when an export cannot be read; the message names the file.</summary>
public sealed class LetterboxdExportException(string message) : Exception(ServiceText.Clean(message));

/// <summary>
/// Reads Letterboxd's own data export: <c>watchlist.csv</c> (<c>Date,Name,Year,Letterboxd URI</c>) or the export
/// <c>.zip</c> that contains it, for when the site blocks automated reading.
/// </summary>
public static class LetterboxdExportReader
{
    /// <summary>The largest export file read (a whole export with years of diary and reviews is a few MB).</summary>
    public const long ExportLimitBytes = 100 * 1024 * 1024;

    /// <summary>The largest watchlist.csv, unpacked (100,000 films take about 10 MB): a zip bomb stops here.</summary>
    public const long WatchlistCsvLimitBytes = 50 * 1024 * 1024;

    /// <summary>The most entries an export zip may list (Letterboxd's has a few dozen, one per list).</summary>
    public const int ZipEntryLimit = 10_000;

    private static readonly string[] Header = ["Date", "Name", "Year", "Letterboxd URI"];

    /// <summary>SHA-256 of the file: the watchlist is re-read only when this changes.</summary>
    public static string Fingerprint(string path)
    {
        using var stream = OpenFile(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public static ExportedWatchlist Read(string path)
    {
        byte[] bytes;
        try
        {
            using var file = OpenFile(path);
            bytes = BoundedBody.ReadBytesAsync(file, ExportLimitBytes, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (BodyTooLargeException e)
        {
            throw new LetterboxdExportException($"the Letterboxd export '{path}' {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterboxdExportException($"cannot read the Letterboxd export '{path}': {e.Message}");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(bytes));
        var isZip = bytes.Length > 3 && bytes[0] == 'P' && bytes[1] == 'K';
        var films = isZip ? ReadZip(bytes, path) : ReadCsv(new StreamReader(new MemoryStream(bytes), Encoding.UTF8), path);
        return new ExportedWatchlist(films, fingerprint);
    }

    public static IReadOnlyList<ExportedFilm> ReadCsv(TextReader reader, string name)
    {
        var rows = CsvRows.Read(reader).GetEnumerator();
        try
        {
            if (!rows.MoveNext())
                throw new LetterboxdExportException($"'{name}' is empty: expected the header {string.Join(",", Header)}");
            var header = rows.Current.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            if (header.Count < Header.Length || !Header.SequenceEqual(header.Take(Header.Length), StringComparer.OrdinalIgnoreCase))
                throw new LetterboxdExportException(
                    $"'{name}' is not a Letterboxd watchlist export: header is '{string.Join(",", header)}', expected '{string.Join(",", Header)}'");

            var films = new List<ExportedFilm>();
            var line = 1;
            while (rows.MoveNext())
            {
                line++;
                films.Add(ReadRow(rows.Current, name, line));
            }

            // The export lists oldest first; MovieSync works newest first like the site.
            return Enumerable.Reverse(films).OrderByDescending(f => f.AddedOn ?? DateOnly.MinValue).ToList();
        }
        catch (FormatException e)
        {
            throw new LetterboxdExportException($"'{name}' is not valid CSV: {e.Message}");
        }
        finally
        {
            rows.Dispose();
        }
    }

    private static ExportedFilm ReadRow(IReadOnlyList<string> row, string name, int line)
    {
        if (row.Count < Header.Length)
            throw new LetterboxdExportException($"'{name}' row {line} has {row.Count} fields, expected {Header.Length}");
        var title = ServiceText.Clean(row[1]);
        if (title.Length == 0)
            throw new LetterboxdExportException($"'{name}' row {line} has no film name");
        DateOnly? added = DateOnly.TryParseExact(row[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        int? year = int.TryParse(row[2].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
        var uri = row[3].Trim();
        string? key = System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Host.Equals("boxd.it", StringComparison.OrdinalIgnoreCase)
            ? parsed.AbsolutePath.Trim('/')
            : null;
        return new ExportedFilm(added, title, year, uri, string.IsNullOrEmpty(key) ? null : key);
    }

    private static IReadOnlyList<ExportedFilm> ReadZip(byte[] bytes, string path)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (zip.Entries.Count > ZipEntryLimit)
                throw new LetterboxdExportException(
                    $"'{path}' lists {zip.Entries.Count} entries, over the {ZipEntryLimit} a Letterboxd export zip may have");
            // The export also has deleted/ and likes/ folders; the live watchlist is the top-level file.
            var entry = zip.GetEntry("watchlist.csv")
                        ?? zip.Entries.Where(e => e.Name.Equals("watchlist.csv", StringComparison.OrdinalIgnoreCase)
                                                  && !e.FullName.Contains("deleted/", StringComparison.OrdinalIgnoreCase))
                            .MinBy(e => e.FullName.Length)
                        ?? throw new LetterboxdExportException($"'{path}' holds no watchlist.csv");
            var name = $"{path}!{entry.FullName}";
            var tooLarge = $"'{name}' exceeds the {BoundedBody.Describe(WatchlistCsvLimitBytes)} limit unpacked";
            if (entry.Length > WatchlistCsvLimitBytes)
                throw new LetterboxdExportException(tooLarge);
            try
            {
                // The declared size can lie: the unpacked bytes are counted as well.
                using var reader = new StreamReader(BoundedBody.Limit(entry.Open(), WatchlistCsvLimitBytes), Encoding.UTF8);
                return ReadCsv(reader, name);
            }
            catch (BodyTooLargeException)
            {
                throw new LetterboxdExportException(tooLarge);
            }
        }
        catch (InvalidDataException e)
        {
            throw new LetterboxdExportException($"'{path}' is not a readable zip: {e.Message}");
        }
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterboxdExportException($"cannot read the Letterboxd export '{path}': {e.Message}");
        }
    }
}
