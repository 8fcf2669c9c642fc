using MovieSync.Clients.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>Every qBittorrent 4.5–5.x state maps to what it means for a film.</summary>
public sealed class TorrentStateClassifierSpecs
{
    [Theory]
    [InlineData("uploading", 0.99, TorrentStatus.Complete)]
    [InlineData("stalledUP", 1.0, TorrentStatus.Complete)]
    [InlineData("pausedUP", 1.0, TorrentStatus.Complete)]
    [InlineData("stoppedUP", 1.0, TorrentStatus.Complete)]
    [InlineData("queuedUP", 1.0, TorrentStatus.Complete)]
    [InlineData("forcedUP", 1.0, TorrentStatus.Complete)]
    [InlineData("checkingUP", 0.5, TorrentStatus.Complete)]
    [InlineData("moving", 1.0, TorrentStatus.Complete)]
    [InlineData("error", 1.0, TorrentStatus.Broken)]
    [InlineData("missingFiles", 1.0, TorrentStatus.Broken)]
    [InlineData("error", 0.3, TorrentStatus.Broken)]
    [InlineData("downloading", 0.3, TorrentStatus.Downloading)]
    [InlineData("forcedDL", 0.3, TorrentStatus.Downloading)]
    [InlineData("stalledDL", 0.3, TorrentStatus.Stalled)]
    [InlineData("metaDL", 0.0, TorrentStatus.FetchingMetadata)]
    [InlineData("forcedMetaDL", 0.0, TorrentStatus.FetchingMetadata)]
    [InlineData("pausedDL", 0.3, TorrentStatus.Paused)]
    [InlineData("stoppedDL", 0.3, TorrentStatus.Paused)]
    [InlineData("queuedDL", 0.0, TorrentStatus.Queued)]
    [InlineData("checkingDL", 0.3, TorrentStatus.Checking)]
    [InlineData("checkingResumeData", 0.0, TorrentStatus.Checking)]
    [InlineData("allocating", 0.0, TorrentStatus.Checking)]
    [InlineData("moving", 0.3, TorrentStatus.Moving)]
    [InlineData("unknown", 0.3, TorrentStatus.Unknown)]
    [InlineData("someFutureState", 0.3, TorrentStatus.Unknown)]
    [InlineData("someFutureState", 1.0, TorrentStatus.Complete)]
    public void Classifies_state_and_progress(string state, double progress, TorrentStatus expected) =>
        Assert.Equal(expected, TorrentStateClassifier.Classify(state, progress));
}
