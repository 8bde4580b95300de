using System.Collections.Concurrent;
using StakeholderHub.Data;

namespace StakeholderHub.Realtime;

/// <summary>
/// Broadcasting on one node: sends the writer's committed changes to the event's connections as they come. Per event,
/// batches leave in version order, at most one per <see cref="BroadcastOptions.MinIntervalMs"/>; what piles up in
/// between goes out as one batch, with entries that only restate newer state merged. The first change after a quiet
/// spell goes out at once. (Several nodes: <see cref="Cluster.SharedBroadcaster"/>.)
/// </summary>
public sealed class ChangeBroadcaster(BatchSender sender, Connections connections, TimeProvider clock, ILogger<ChangeBroadcaster> logger)
    : ICommitListener
{
    private readonly ConcurrentDictionary<long, Outbox> _outboxes = new();

    /// <summary>One node broadcasts every event it has; <c>/health</c> lists the events several nodes share out.</summary>
    public IReadOnlyCollection<long> Broadcasting => [];

    /// <summary>Called by the writer, after commit, in commit order.</summary>
    public void Committed(IReadOnlyList<StoredChange> changes)
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
            var wait = outbox.LastSent + sender.Interval - clock.GetUtcNow();
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
                var room = connections.For(outbox.EventId);
                await sender.Send(outbox.EventId, from, to, taken, room.Of, room.Gate);
            }
            catch (Exception error)
            {
                // Clients that miss a batch see the gap in the next one and resync; the pump goes on.
                logger.LogWarning(error, "Broadcasting versions {From}..{To} of event {EventId} failed", from, to, outbox.EventId);
            }
        }
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

