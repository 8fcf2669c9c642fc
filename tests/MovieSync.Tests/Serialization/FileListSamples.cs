using MovieSync.Messages;
using static MovieSync.Messages.FileListEvents;

namespace MovieSync.Tests.Serialization;

/// <summary>One example of every stored FileList account type, for <see cref="SerializerSpecs"/>.</summary>
internal static class FileListSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    public static IEnumerable<object> All()
    {
        yield return new FileListRequestSpent(At);
        yield return new FileListRateLimitReached(At);
        yield return new FileListAccountSnapshot([At.AddMinutes(-30), At.AddMinutes(-2), At]);
        yield return new JournalProbed(At); // not FileList's, but as small and as stored
    }
}
