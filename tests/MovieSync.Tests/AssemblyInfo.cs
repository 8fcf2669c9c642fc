// Tests run on Linux (file modes, signals, qbittorrent-nox).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
