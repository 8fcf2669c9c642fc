using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;
using Xunit;

namespace MovieSync.Tests.Support;

/// <summary>A fake Letterboxd (one user's watchlist), FileList and qBittorrent on loopback, shared by a class's specs.</summary>
public abstract class ThreeFakes(string user, IReadOnlyList<FakeFilm> watchlist, FakeFileListOptions fileList,
    FakeQBittorrentOptions? qBittorrent = null) : IAsyncLifetime
{
    public FakeLetterboxd Letterboxd { get; private set; } = null!;

    public FakeFileList FileList { get; private set; } = null!;

    public FakeQBittorrent QBittorrent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Letterboxd = await FakeLetterboxd.StartAsync();
        Letterboxd.SetWatchlist(user, watchlist);
        FileList = await FakeFileList.StartAsync(fileList);
        QBittorrent = await FakeQBittorrent.StartAsync(qBittorrent);
    }

    public async Task DisposeAsync()
    {
        await Letterboxd.DisposeAsync();
        await FileList.DisposeAsync();
        await QBittorrent.DisposeAsync();
    }
}
