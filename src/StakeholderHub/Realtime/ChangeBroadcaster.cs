using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Realtime;

public sealed class BroadcastOptions
{
    public const string Section = "Broadcast";

    /// <summary>The shortest time between two batches to one event: 100 ms is at most ten a second.</summary>
    public int MinIntervalMs { get; set; } = 100;
}

/// <summary>
/// Sends committed changes to the event's connections. Per event, batches leave in version order, at most one per
/// <see cref="BroadcastOptions.MinIntervalMs"/>; what piles up in between goes out as one batch, with entries that
/// only restate newer state merged. The first change after a quiet spell goes out at once.
/// </summary>
public sealed class ChangeBroadcaster(
    IHubContext<SessionHub, ISessionClient> hub,
    TimeProvider clock,
    IOptions<BroadcastOptions> options,
    ILogger<ChangeBroadcaster> logger)
{
    private readonly ConcurrentDictionary<long, Outbox> _outboxes = new();
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.MinIntervalMs));

    /// <summary>Called by the writer, after commit, in commit order.</summary>
    public void Publish(IReadOnlyList<StoredChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var outbox = _outboxes.GetOrAdd(changes[0].EventId, id => new Outbox(id));
        lock (outbox)
        {
            outbox.Pending.AddRange(changes);
            if (outbox.Pumping)
            {
                return;
            }

            outbox.Pumping = true;
        }

        _ = Task.Run(() => Pump(outbox));
    }

    private async Task Pump(Outbox outbox)
    {
        while (true)
        {
            var wait = outbox.LastSent + _interval - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock);
            }

            List<StoredChange> taken;
            lock (outbox)
            {
                if (outbox.Pending.Count == 0)
                {
                    outbox.Pumping = false;
                    return;
                }

                taken = outbox.Pending;
                outbox.Pending = [];
            }

            outbox.LastSent = clock.GetUtcNow();
            var from = outbox.SentTo ?? taken[0].Change.Version - 1;
            var to = taken[^1].Change.Version;
            outbox.SentTo = to;
            try
            {
                await Send(outbox.EventId, from, to, taken);
            }
            catch (Exception error)
            {
                // Clients that miss a batch see the gap in the next one and resync; the pump goes on.
                logger.LogWarning(error, "Broadcasting versions {From}..{To} of event {EventId} failed", from, to, outbox.EventId);
            }
        }
    }

    private Task Send(long eventId, long from, long to, List<StoredChange> changes)
    {
        var merged = Merge(changes);
        var now = clock.GetUtcNow();
        var sends = new List<Task>(Audiences.Listeners.Length);
        foreach (var listener in Audiences.Listeners)
        {
            var visible = merged.Where(c => Audiences.MaySee(listener, c.Audience)).Select(c => c.Change).ToList();
            var batch = new ChangeBatch(eventId, from, to, now, visible);
            sends.Add(hub.Clients.Group(Audiences.Group(eventId, listener)).Changes(batch));
        }

        return Task.WhenAll(sends);
    }

    /// <summary>Keeps, of the entries that share a merge key, only the newest, where the newest stands.</summary>
    public static List<StoredChange> Merge(IReadOnlyList<StoredChange> changes)
    {
        var newest = new Dictionary<string, int>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].MergeKey is { } key)
            {
                newest[key] = i;
            }
        }

        var kept = new List<StoredChange>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].MergeKey is not { } key || newest[key] == i)
            {
                kept.Add(changes[i]);
            }
        }

        return kept;
    }

    private sealed class Outbox(long eventId)
    {
        public long EventId { get; } = eventId;

        public List<StoredChange> Pending { get; set; } = [];

        public bool Pumping { get; set; }

        public DateTimeOffset LastSent { get; set; } = DateTimeOffset.MinValue;

        public long? SentTo { get; set; }
    }
}
