namespace MovieSync.Host.Demo;

/// <summary>A demo line between the host's log lines, stamped as they are.</summary>
internal static class DemoLine
{
    public static void Say(string line) => Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} demo: {line}");
}
