using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub;

public static class HubSetup
{
    public static WebApplicationBuilder AddStakeholderHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        services.Configure<BroadcastOptions>(builder.Configuration.GetSection(BroadcastOptions.Section));
        services.Configure<HubOptions>(builder.Configuration.GetSection(HubOptions.Section));
        services.AddSingleton<IPostConfigureOptions<HubOptions>, FacilitatorKeyFromDataFolder>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<ChangeBroadcaster>();
        services.AddSingleton<ChangeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeWriter>());

        services.AddSingleton<TokenSigner>();
        services.AddSingleton<PeopleDirectory>();
        services.AddAuthentication(SessionTokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionTokenAuthentication>(
                SessionTokenAuthentication.SchemeName, null);
        services.AddAuthorization();

        services.AddSingleton<EventService>();
        services.AddSingleton<SessionState>();
        services.AddSingleton<AgendaService>();
        services.AddSingleton<Welcome>();
        services.AddHostedService(sp => sp.GetRequiredService<Welcome>());

        services.AddExceptionHandler<Problems>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        services.AddSignalR(options => options.AddFilter<RefusalFilter>())
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapStakeholderHub(this WebApplication app)
    {
        app.Services.GetRequiredService<Migrator>().Migrate();

        app.UseExceptionHandler();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", (IOptions<StorageOptions> storage) => new { status = "ok", store = "sqlite", version = typeof(HubSetup).Assembly.GetName().Version?.ToString() });
        app.MapEventsApi();
        app.MapHub<SessionHub>("/hubs/session");
        app.MapPages();
        return app;
    }

    /// <summary>Clean addresses for the pages the web build writes into wwwroot.</summary>
    private static void MapPages(this WebApplication app)
    {
        foreach (var page in new[] { "join", "participant", "stakeholder", "projector", "facilitator" })
        {
            app.MapGet($"/{page}", (IWebHostEnvironment environment) =>
                Results.File(environment.WebRootFileProvider.GetFileInfo($"{page}.html").PhysicalPath
                    ?? throw new FileNotFoundException($"{page}.html is missing: build web/ first."), "text/html; charset=utf-8"));
        }
    }

    private sealed class FacilitatorKeyFromDataFolder(IOptions<StorageOptions> storage) : IPostConfigureOptions<HubOptions>
    {
        public void PostConfigure(string? name, HubOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.FacilitatorKey))
            {
                options.FacilitatorKey = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
                    Secrets.ReadOrCreate(storage.Value.FullDataPath, "facilitator.key", 24));
            }
        }
    }
}
