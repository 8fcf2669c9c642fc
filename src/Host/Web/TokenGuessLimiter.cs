using System.Net;
using System.Net.Sockets;

namespace MovieSync.Host.Web;

/// <summary>
/// Slows down token guessing: an address that sends <see cref="AllowedWrongTokens"/> wrong tokens within
/// <see cref="Window"/> has its tokens refused unchecked for <see cref="Lockout"/>. IPv6 addresses count per /64,
/// the block one machine usually holds. Session cookies are not tokens and pass meanwhile.
/// </summary>
public sealed class TokenGuessLimiter(TimeProvider clock)
{
    public const int AllowedWrongTokens = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(5);

    /// <summary>Past this many addresses, those with nothing recent are forgotten (a scan from many addresses stays bounded).</summary>
    private const int RememberedAddresses = 10_000;

    private readonly Dictionary<string, Guesses> _byAddress = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How long the address must still wait before a token of its is checked again; null when it need not.</summary>
    public TimeSpan? LockedOutFor(IPAddress? address)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            return _byAddress.TryGetValue(KeyOf(address), out var guesses) && guesses.LockedUntil > now ? guesses.LockedUntil - now : null;
        }
    }

    /// <summary>Counts a wrong token; returns the wrong tokens within the window, and whether this one started a lockout.</summary>
    public (int WrongTokens, bool LockedOut) RecordWrongToken(IPAddress? address)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_byAddress.Count >= RememberedAddresses)
                Forget(now);
            var key = KeyOf(address);
            if (!_byAddress.TryGetValue(key, out var guesses))
                _byAddress[key] = guesses = new Guesses();
            guesses.Times.RemoveAll(t => now - t >= Window);
            guesses.Times.Add(now);
            var count = guesses.Times.Count;
            if (count < AllowedWrongTokens)
                return (count, false);
            guesses.Times.Clear();
            guesses.LockedUntil = now + Lockout;
            return (count, true);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, guesses) in _byAddress.ToList())
            if (guesses.LockedUntil <= now && guesses.Times.All(t => now - t >= Window))
                _byAddress.Remove(key);
    }

    private static string KeyOf(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class Guesses
    {
        public List<DateTimeOffset> Times { get; } = [];

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
