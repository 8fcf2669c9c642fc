using Akka.Hosting;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Movies;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;

namespace MovieSync.Actors.Hosting;

public static class PipelineHosting
{
    /// <summary>
    /// The whole pipeline of a run, in the order its parts need each other: the FileList accounts, the movies grabbing
    /// through them into qBittorrent, the watchlist telling the movies. <paramref name="movies"/> and
    /// <paramref name="letterboxd"/> and <paramref name="accounts"/> default to what config.json says (the demo tunes them).
    /// </summary>
    public static AkkaConfigurationBuilder AddMovieSyncPipeline(this AkkaConfigurationBuilder builder, MovieSyncOptions options,
        MovieSettings? movies = null, LetterboxdClientOptions? letterboxd = null, IReadOnlyList<FileListAccountSettings>? accounts = null) =>
        builder
            .AddFileListAccounts(accounts ?? SettingsFromOptions.FileListAccounts(options))
            .AddMovies(movies ?? SettingsFromOptions.Movies(options), MoviesHosting.TorrentGrabber(options))
            .AddDownloadWindow(options)
            .AddWatchlist(SettingsFromOptions.Watchlist(options), letterboxd ?? SettingsFromOptions.Letterboxd(options));
}
