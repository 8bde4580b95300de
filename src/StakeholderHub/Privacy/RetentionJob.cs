using Microsoft.Extensions.Options;
using StakeholderHub.Data;

namespace StakeholderHub.Privacy;

public sealed class RetentionOptions
{
    public const string Section = "Privacy";

    /// <summary>How often the purge job looks for events past their retention, in seconds (default: every hour).</summary>
    public int PurgeCheckSeconds { get; set; } = 3600;
}

/// <summary>
/// Purges, on its own, every event whose retention ended (docs/privacy.md, "Retention and purge"): at start and then
/// every <see cref="RetentionOptions.PurgeCheckSeconds"/>, on the injected clock. Each purge is one change under the
/// event's lock that does nothing to an event already purged, so several nodes running the job at once purge each
/// event once.
/// </summary>
public sealed class RetentionJob(Database database, PrivacyService privacy, TimeProvider clock, IOptions<RetentionOptions> options,
    ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, options.Value.PurgeCheckSeconds));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PurgeDue(stoppingToken);
                await Task.Delay(every, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Purges the events past their retention now; answers how many it purged.</summary>
    public async Task<int> PurgeDue(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<long> due;
        try
        {
            using var sql = database.Read();
            due = RetentionStore.Due(sql, clock.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "The purge job could not read the events past their retention");
            return 0;
        }

        var purged = 0;
        foreach (var eventId in due)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                var report = await privacy.Purge(eventId);
                if (report.Purged)
                {
                    purged++;
                    logger.LogInformation("Purged event {EventId} past its retention: {Erased} people erased", eventId, report.Erased);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "The purge of event {EventId} failed; it is tried again at the next check", eventId);
            }
        }

        return purged;
    }
}
