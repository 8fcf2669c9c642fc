using System.Text;
using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>The passkey and the download links reach no log line (at debug level) and no byte of the journal.</summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class SecretLeakSpecs : GrabbingSpec
{
    private readonly QBittorrentNox _qbittorrent;

    public SecretLeakSpecs(QBittorrentNox qbittorrent, ITestOutputHelper output) : base(output, logLevel: "DEBUG") =>
        _qbittorrent = qbittorrent;

    [Fact]
    public async Task Neither_the_passkey_nor_a_download_link_appears_in_logs_or_the_journal()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var (matrixActor, matrix) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        ExpectState(matrix, s => s.Status == MovieStatus.Downloading);
        FileList.Fault = FakeFileListFault.DownloadAnswersHtml;
        var (amelieActor, amelie) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        ExpectState(amelie, s => s.Status == MovieStatus.Failed);
        FileList.Fault = FakeFileListFault.CredentialsRejected;
        var (sevenActor, seven) = StartMovie(grabber, FilmCatalogue.SevenImdb, "Se7en", 1995);
        AwaitCondition(() => grabber.Grabs.Count == 3, "the third film was deferred");
        AwaitFollowed(matrixActor);
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: matrixActor);
        AwaitCondition(() => grabber.Progress.Count >= 2, "the download was followed twice");
        await StopAsync(matrixActor, amelieActor, sevenActor);

        var links = FileList.Torrents.Select(t => FileList.DownloadLinkFor(t.Id).ToString()).ToList();
        var logs = Logs.Lines;
        Assert.Contains(logs, l => l.Contains("FileList download") && l.Contains("passkey=***")); // the client's debug line ran
        Assert.Contains(logs, l => l.Contains("FileList rejected the credentials"));
        var journal = JournalBytes();
        Assert.Contains("torrent-added.v1", journal); // the file holds the events
        foreach (var text in logs.Append(journal).Append(string.Join('\n', grabber.Grabs.Select(g => g.Outcome.ToString()))))
        {
            Assert.DoesNotContain(FakeFileList.DefaultPasskey, text, StringComparison.OrdinalIgnoreCase);
            Assert.All(links, link => Assert.DoesNotContain(link, text));
        }
    }

    private async Task StopAsync(params IActorRef[] movies)
    {
        await Task.WhenAll(movies.Select(m => m.GracefulStop(TimeSpan.FromSeconds(5))));
        var account = await Sys.ActorSelection("/user/" + Actors.FileList.FileListAccountActor.Name).ResolveOne(TimeSpan.FromSeconds(5));
        await account.GracefulStop(TimeSpan.FromSeconds(5));
    }

    /// <summary>The journal file and its companions (-wal, -journal), as text: a secret would show as its UTF-8 bytes.</summary>
    private string JournalBytes()
    {
        var directory = Path.GetDirectoryName(JournalFile)!;
        return string.Concat(Directory.GetFiles(directory, Path.GetFileName(JournalFile) + "*")
            .Select(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return Encoding.UTF8.GetString(memory.ToArray());
            }));
    }
}
