using Xunit;

namespace MovieSync.Web.Tests.Support;

/// <summary>One <see cref="DashboardHost"/> for a whole spec class whose specs change nothing.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    private DashboardHost? _host;

    public DashboardHost Host => _host ?? throw new InvalidOperationException("the host has not started");

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }
}
