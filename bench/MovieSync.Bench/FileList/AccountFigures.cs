using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>
/// What FileList saw of one account: the requests that carried its passkey, from the fake's own log and stamps (not
/// from our actors' counts), whatever they were answered.
/// </summary>
/// <param name="Username">The account; null for requests whose passkey the fake did not know (there should be none).</param>
/// <param name="MostInAnyWindow">The most of its requests in one sliding window [t, t + window), for any t.</param>
/// <param name="ShortestSpanOverBudget">The shortest time in which it made one request more than its budget; null when it never made so many.</param>
internal sealed record AccountFigures(string? Username, int Requests, int Refused, int MostInAnyWindow, TimeSpan? ShortestSpanOverBudget)
{
    /// <summary>One row per known account (in the order given, those with no request included), then any unknown passkey.</summary>
    public static IReadOnlyList<AccountFigures> Of(IReadOnlyList<FakeFileListRequest> requests, IEnumerable<string> accounts,
        TimeSpan window, int budget)
    {
        var byAccount = requests.ToLookup(r => r.Account);
        var known = accounts.ToList();
        var rows = known.Select(a => Figures(a, byAccount[a])).ToList();
        if (byAccount[null].Any())
            rows.Add(Figures(null, byAccount[null]));
        return rows;

        AccountFigures Figures(string? username, IEnumerable<FakeFileListRequest> its)
        {
            var list = its.ToList();
            var stamps = list.Select(r => r.At).ToList();
            return new AccountFigures(username, list.Count, list.Count(r => r.Status != 200),
                RequestFigures.BusiestWindow(stamps, window), RequestFigures.ShortestSpan(stamps, budget + 1));
        }
    }
}
