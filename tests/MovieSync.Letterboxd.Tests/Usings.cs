global using Xunit;

namespace MovieSync.Specs
{
    /// <summary>This assembly's name, for the discoverers of the shared spec attributes (tests/Shared/JournalFact.cs).</summary>
    internal static class TestAssembly
    {
        public const string Name = "MovieSync.Letterboxd.Tests";
    }
}
