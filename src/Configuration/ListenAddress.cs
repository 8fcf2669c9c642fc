using System.Globalization;
using System.Net;

namespace MovieSync.Configuration;

/// <summary><c>dashboard.listen</c> values: <c>host:port</c>, and whether a host is loopback-only.</summary>
public static class ListenAddress
{
    /// <summary>Splits <c>host:port</c>; null when it is not one.</summary>
    public static (string Host, int Port)? Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            return null;
        var host = value[..colon].Trim('[', ']');
        return host == "localhost" || host == "*" || IPAddress.TryParse(host, out _) ? (host, port) : null;
    }

    /// <summary>
    /// Another machine's <c>host:port</c> (<c>cluster.seed_nodes</c>): an IP address or a DNS name, and a port from 1;
    /// null when it is not one.
    /// </summary>
    public static (string Host, int Port)? ParseRemote(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return null;
        var host = value[..colon].Trim('[', ']');
        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 ? (host, port) : null;
    }

    /// <summary>True for localhost and loopback addresses (127.0.0.0/8, ::1), with or without IPv6 brackets.</summary>
    public static bool IsLoopback(string host)
    {
        var name = host.Trim('[', ']');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
               || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
