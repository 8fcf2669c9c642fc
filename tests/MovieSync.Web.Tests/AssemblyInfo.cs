// Tests run on Linux (signals, /usr/bin/chromium).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
