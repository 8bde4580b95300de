using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Events;

/// <summary>
/// At start: makes the Antwerp afternoon session if this data folder has no event yet, then prints the links to
/// open. The same folder always prints the same links.
/// </summary>
public sealed class Welcome(
    EventService events,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<HubOptions> options,
    IOptions<Data.StorageOptions> storage,
    ILogger<Welcome> logger) : IHostedService
{
    private readonly TaskCompletionSource<EventService.Created> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The default event, once it exists.</summary>
    public Task<EventService.Created> DefaultEvent => _ready.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Greet());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task Greet()
    {
        try
        {
            var created = await events.CreateDefault();
            _ready.TrySetResult(created);
            var links = new Links(BaseUrl()).Event(created.Event.JoinCode, created.FacilitatorToken, created.ProjectorToken);
            Console.WriteLine($"""

                StakeholderHub is running: {created.Event.Title}
                  Data folder:          {storage.Value.FullDataPath}
                  Facilitator (secret): {links.Facilitator}
                  Projector (secret):   {links.Projector}
                  Participants join at: {links.Join}
                  Join code:            {created.Event.JoinCode}
                  Facilitator key for creating more events (POST /api/events): {options.Value.FacilitatorKey}

                """);
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            logger.LogCritical(error, "Could not prepare the default event");
        }
    }

    private string BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
        {
            return options.Value.PublicUrl;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        // A wildcard binding has no address a browser can open; the facilitator sets Hub:PublicUrl for the room.
        return address.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost");
    }
}
