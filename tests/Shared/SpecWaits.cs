namespace MovieSync.Specs;

/// <summary>How specs wait on a condition.</summary>
public static class SpecWaits
{
    /// <summary>
    /// How often a spec looks at a condition it awaits: TestKit's <c>AwaitCondition</c> looks only every tenth of the wait
    /// unless told (3 s of a 30 s wait), which makes a spec wait that much longer than the condition takes.
    /// </summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
}
