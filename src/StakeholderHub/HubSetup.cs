using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Badges;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Cluster;
using StakeholderHub.ContentFilter;
using StakeholderHub.Polls;
using StakeholderHub.Practices;
using StakeholderHub.Reactions;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Organisers;
using StakeholderHub.Privacy;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;
using StakeholderHub.Report;
using StakeholderHub.Security;

namespace StakeholderHub;

public static class HubSetup
{
    public static WebApplicationBuilder AddStakeholderHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        services.Configure<BroadcastOptions>(builder.Configuration.GetSection(BroadcastOptions.Section));
        services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        services.Configure<HubOptions>(builder.Configuration.GetSection(HubOptions.Section));
        services.AddSingleton<IPostConfigureOptions<HubOptions>, FacilitatorKeyFromDataFolder>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<NodeIdentity>();
        // Before AddSignalR, so their filters come first: the call counter, then the drain (Realtime/).
        services.AddHubTelemetry();
        services.AddDraining(builder.Configuration);
        // Then the refusal filter, so a role or rate-limit refusal reaches the caller as a HubException too;
        // roles come before the rate limit, so a call the caller may never make costs them nothing.
        services.AddSingleton<RoleFilter>();
        var signalR = services.AddSignalR(options =>
            {
                options.AddFilter<RefusalFilter>();
                options.AddFilter<RoleFilter>();
                options.AddFilter<RateLimitFilter>();
                options.AddFilter<CallingFilter>();
            })
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions));
        builder.AddStore(signalR);

        services.AddSingleton<TokenSigner>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<IPeopleListener>(sp => sp.GetRequiredService<PeopleDirectory>());
        services.AddAuthentication(SessionTokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionTokenAuthentication>(
                SessionTokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        builder.AddOrganisers();

        services.AddSingleton<EventService>();
        services.AddSingleton<SessionState>();
        services.AddSingleton<AgendaService>();
        services.AddSingleton<ProposalService>();
        services.AddSingleton<Matchmaking.MatchmakingService>();
        services.AddSingleton<QuestionService>();
        services.AddSingleton<ParticipationService>();
        services.AddSingleton<BadgeService>();
        services.AddSingleton<Privacy.PrivacyService>();
        services.Configure<Privacy.RetentionOptions>(builder.Configuration.GetSection(Privacy.RetentionOptions.Section));
        services.AddSingleton<Privacy.RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Privacy.RetentionJob>());
        services.AddSingleton<PollService>();
        services.AddSingleton<FilterService>();
        services.Configure<ReactionOptions>(builder.Configuration.GetSection(ReactionOptions.Section));
        services.AddSingleton<ReactionCounter>();
        services.AddHostedService(sp => sp.GetRequiredService<ReactionCounter>());
        // The badge signing key is made at first start and kept in the data folder (on PostgreSQL: in the database), never in the repository.
        services.AddSingleton(sp => sp.GetRequiredService<IServerSecrets>().BadgeSigningKey());
        services.AddSingleton<IChangeFollower, ProgressFollower>();
        services.AddHostedService<IssuerContactCheck>();
        builder.AddSecurity();
        services.AddSingleton<RateLimitFilter>();
        services.AddSingleton<Welcome>();
        services.AddHostedService(sp => sp.GetRequiredService<Welcome>());

        services.AddExceptionHandler<Problems>();
        // Unreadable bodies become exceptions, so Problems answers them like every other refusal.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));

        services.Configure<BackplaneOptions>(builder.Configuration.GetSection(BackplaneOptions.Section));
        return builder;
    }

    public static WebApplication MapStakeholderHub(this WebApplication app)
    {
        app.Services.GetRequiredService<Migrator>().Migrate();
        // The secrets are made at first start (and read at every later one), not when the first badge is issued.
        ServerSecrets.Prepare(app.Services);

        app.UseSecurity();
        app.UseExceptionHandler();
        var pages = Pages(app);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = pages,
            // Vite names assets by their content, so a phone on weak Wi-Fi downloads each version once.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", (Database database, ChangeWriter writer, NodeIdentity node, ICommitListener listener, IOptions<BackplaneOptions> backplane) =>
        {
            var healthy = writer.IsRunning && database.Answers();
            return Results.Json(
                new
                {
                    status = healthy ? "ok" : "unavailable",
                    store = database.Dialect.Name,
                    backplane = backplane.Value.Enabled ? "redis" : "none",
                    node = node.Id,
                    // The events this node broadcasts now (several nodes: one broadcasting node per event).
                    broadcasts = listener.Broadcasting.Order().ToArray(),
                    version = typeof(HubSetup).Assembly.GetName().Version?.ToString(),
                },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapEventsApi();
        app.MapOrganisersApi();
        app.MapExportsApi();
        app.MapPollExports();
        app.MapAgendaFiles();
        app.MapBadgesApi();
        app.MapQrApi();
        app.MapPrivacyApi();
        app.MapReportApi();
        Matchmaking.MatchmakingApi.MapMatchmakingApi(app);
        app.MapSessionHub<SessionHub>("/hubs/session");
        app.MapPages(pages);
        return app;
    }

    /// <summary>
    /// The built web app: <c>wwwroot</c> under the content root while developing, else the copy the build puts beside
    /// the app, so it runs from any working directory.
    /// </summary>
    private static IFileProvider Pages(WebApplication app)
    {
        string[] candidates = [app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot")];
        var folder = candidates.FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(Path.Combine(path, "index.html")));
        if (folder is null)
        {
            app.Logger.LogWarning("The web app is not built (no index.html in {Folders}); only the API and the hub are served", string.Join(", ", candidates));
            return new NullFileProvider();
        }

        return new PhysicalFileProvider(folder);
    }

    /// <summary>Clean addresses for the pages the web build writes: <c>/join</c> serves <c>join.html</c>.</summary>
    private static void MapPages(this WebApplication app, IFileProvider pages)
    {
        foreach (var page in new[] { "join", "participant", "stakeholder", "projector", "facilitator", "moderator", "my-data", "my-session", "organiser", "report" })
        {
            app.MapMethods($"/{page}", [HttpMethods.Get, HttpMethods.Head], () => pages.GetFileInfo($"{page}.html") is { Exists: true, PhysicalPath: { } path }
                ? Results.File(path, "text/html; charset=utf-8")
                : Results.NotFound());
        }
    }

    /// <summary>Maps a hub whose every method declares who may call it (<see cref="RoleFilter.CheckDeclared"/>); else the start stops.</summary>
    public static HubEndpointConventionBuilder MapSessionHub<THub>(this WebApplication app, string pattern) where THub : Hub
    {
        RoleFilter.CheckDeclared(typeof(THub));
        return app.MapHub<THub>(pattern);
    }

    private sealed class FacilitatorKeyFromDataFolder(IServerSecrets secrets) : IPostConfigureOptions<HubOptions>
    {
        public void PostConfigure(string? name, HubOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.FacilitatorKey))
            {
                options.FacilitatorKey = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(secrets.Key("facilitator.key", 24));
            }
        }
    }
}
