using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Host.Web;

/// <summary>
/// The dashboard's session cookie: the moment it was issued and an HMAC of that moment keyed by <c>dashboard.token</c>.
/// It holds nothing secret, lives <see cref="Lifetime"/> from the login whatever happens in between (a stolen cookie
/// stops working by then), survives a restart of the host, and dies with a change of the token.
/// </summary>
public sealed class DashboardSession(string token, TimeProvider clock)
{
    /// <summary>Fixed, not sliding: a dashboard left open does not keep a session alive for ever.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>How far in the future an issue time may lie (the clock stepped back a little since).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(token);

    /// <summary>A fresh session cookie value, and when it expires.</summary>
    public (string Value, DateTimeOffset Expires) Issue()
    {
        var now = clock.GetUtcNow();
        var issued = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return ($"{issued}.{Signature(issued)}", now + Lifetime);
    }

    public SessionCheck Check(string value)
    {
        var dot = value.IndexOf('.');
        if (dot <= 0)
            return SessionCheck.Invalid;
        var issued = value[..dot];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(issued)), Encoding.UTF8.GetBytes(value[(dot + 1)..])))
            return SessionCheck.Invalid;
        if (!long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return SessionCheck.Invalid;
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age < Lifetime && age > -ClockSkew ? SessionCheck.Valid : SessionCheck.Expired;
    }

    private string Signature(string issued) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("moviesync dashboard session " + issued)));
}

/// <summary>What a session cookie turned out to be.</summary>
public enum SessionCheck
{
    Valid,

    /// <summary>Genuine, but older than <see cref="DashboardSession.Lifetime"/>.</summary>
    Expired,

    /// <summary>Not one this token issued: forged, damaged, or from before the token changed.</summary>
    Invalid,
}
