using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Web.Health;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>The HTTP API and dashboard served by `run` on <c>dashboard.listen</c>.</summary>
public static class WebHosting
{
    private static readonly TimeSpan BoardStartDelay = TimeSpan.FromSeconds(30);

    /// <summary>Binds Kestrel to <c>dashboard.listen</c> (port 0 picks a free port) and registers the API's services.</summary>
    public static WebApplicationBuilder AddMovieSyncWeb(this WebApplicationBuilder builder, MovieSyncOptions options)
    {
        // Validated when config.json was read.
        var (host, port) = ListenAddress.Parse(options.Dashboard.Listen)!.Value;
        var certificate = options.Dashboard.Certificate is { } path ? CertificateFile.Open(path, options.Dashboard.CertificatePassword) : null;
        builder.WebHost.UseKestrel(kestrel =>
        {
            if (host is "*" or "0.0.0.0")
                kestrel.ListenAnyIP(port, listen => ServeHttpsWith(listen, certificate));
            else if (host == "localhost")
                kestrel.ListenLocalhost(port, listen => ServeHttpsWith(listen, certificate));
            else
                kestrel.Listen(System.Net.IPAddress.Parse(host), port, listen => ServeHttpsWith(listen, certificate));
        });
        // ASP.NET's request lines carry query strings (?token=): they stay out of the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddSingleton<MovieBoard>();
        builder.Services.AddSingleton<JournalGate>();
        // Health and metrics: the watchlist's source reports its reads to the LetterboxdActivity (WatchlistHosting); a
        // simulated run registers a QBittorrentProbe that is not used.
        builder.Services.AddSingleton(services => new LetterboxdActivity(services.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.TryAddSingleton(services => new QBittorrentProbe(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.AddSingleton(services => new HealthCheck(services.GetRequiredService<JournalGate>(),
            services.GetRequiredService<QBittorrentProbe>(), services.GetRequiredService<ActorRegistry>(),
            services.GetRequiredService<LetterboxdActivity>(), services.GetService<TimeProvider>() ?? TimeProvider.System));
        builder.Services.AddSingleton<HostMetrics>();
        builder.Services.AddSingleton(services => new DashboardAccess(options.Dashboard.Token, loopbackOnly: ListenAddress.IsLoopback(host),
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILogger<DashboardAccess>>()));
        return builder;
    }

    /// <summary>With dashboard.certificate, the port speaks HTTPS only (there is no plain HTTP port to fall back to).</summary>
    private static void ServeHttpsWith(ListenOptions listen, CertificateFile? certificate)
    {
        if (certificate is not null)
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate.Certificate, ServerCertificateChain = certificate.Chain });
    }

    /// <summary>Maps the API and the dashboard, and publishes the bound address for other commands (run.json).</summary>
    public static WebApplication MapMovieSyncWeb(this WebApplication app, RunLock runLock)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // Every hosted service has started by now, the actor system included. The metrics follow the board from its start.
            var metrics = app.Services.GetRequiredService<HostMetrics>();
            metrics.FollowJournalWrites(app.Services.GetRequiredService<ActorSystem>());
            _ = StartBoardAsync(app);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null)
                return;
            WarnOfPlainHttpOffLoopback(app);
            runLock.Publish(new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")));
            app.Services.GetRequiredService<RunOutput>().Line(app.Services.GetRequiredService<DashboardAccess>().NeedsToken
                ? $"🌐 Dashboard and API: {address}/ (every request needs dashboard.token: open {address}/?token=… once)"
                : $"🌐 Dashboard and API: {address}/");
        });
        app.UseStatusCodePages(AnswerInJson);
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError, ExceptionHandler = AnswerFailure });
        // A reverse proxy on this machine (nginx, Caddy) says which client and scheme it serves: the lock-out counts per
        // client, the cookie is Secure behind TLS. The defaults believe only loopback senders, and only the last hop.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        var access = app.Services.GetRequiredService<DashboardAccess>();
        app.Use(access.InvokeAsync);
        app.MapDashboardPage();
        app.MapMovieApi();
        app.MapFileListApi();
        app.MapAccountsApi();
        app.MapNotificationsApi();
        app.MapHealthApi();
        return app;
    }

    /// <summary>
    /// Starts the dashboard's read model once the movies have recovered (or 30 s have passed): its fold of the whole
    /// journal would otherwise compete with their recovery for the CPU, and until it is done /api/status answers from
    /// the coordinator's counts.
    /// </summary>
    private static async Task StartBoardAsync(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            var coordinator = await app.Services.GetRequiredService<ActorRegistry>().GetAsync<MovieCoordinator>(stopping);
            await coordinator.Ask<MovieQueries.StatisticsResult>(MovieQueries.GetStatistics.Instance, BoardStartDelay, stopping);
        }
        catch (AskTimeoutException)
        {
            // Still recovering: the board starts anyway, its reads are what `status` and the dashboard show meanwhile.
        }
        catch (OperationCanceledException)
        {
            return;
        }

        app.Services.GetRequiredService<MovieBoard>().Start(app.Services.GetRequiredService<ActorSystem>(),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MovieBoard)), stopping);
    }

    private static void WarnOfPlainHttpOffLoopback(WebApplication app)
    {
        var dashboard = app.Services.GetRequiredService<MovieSyncOptions>().Dashboard;
        if (dashboard.ServesHttps || ListenAddress.Parse(dashboard.Listen) is not var (host, _) || ListenAddress.IsLoopback(host))
            return;
        app.Logger.LogWarning(
            "The dashboard on {Listen} is reachable from other machines over plain HTTP: its token and session cookie cross the network readable. " +
            "Set dashboard.certificate, or listen on 127.0.0.1 behind a reverse proxy that terminates TLS", dashboard.Listen);
    }

    /// <summary>Bodiless errors (unknown route, 405 for a GET on a POST route) get the API's {error} shape.</summary>
    private static Task AnswerInJson(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        var error = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "no such page or API route",
            StatusCodes.Status405MethodNotAllowed when HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method) =>
                $"{context.HttpContext.Request.Method} is not allowed here (state changes are POST only)",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed here: this route is read with GET",
            _ => $"HTTP {response.StatusCode}",
        };
        return response.WriteAsJsonAsync(new ErrorReply(error));
    }

    /// <summary>An unexpected failure answers without details: they could name paths or services.</summary>
    private static Task AnswerFailure(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new ErrorReply("the host failed to answer; its log has the details"));
}
