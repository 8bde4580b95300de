using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

public sealed class BroadcastOptions
{
    public const string Section = "Broadcast";

    /// <summary>The shortest time between two batches to one event: 100 ms is at most ten a second.</summary>
    public int MinIntervalMs { get; set; } = 100;

    /// <summary>
    /// On the shared store, how often the event's broadcasting node tells everyone the event's version when nothing
    /// changed: a client that missed a batch (the backplane is at most once) finds out and calls Sync.
    /// </summary>
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>
    /// On one node, how many messages may wait for one connection before it is closed as fallen behind (its client
    /// reconnects and calls Sync): 100 is ten seconds of batches at the most frequent.
    /// </summary>
    public int MaxPendingBatches { get; set; } = 100;
}

/// <summary>
/// Hands batches of committed changes to SignalR: the part of broadcasting that one node
/// (<see cref="ChangeBroadcaster"/>) and several (<see cref="Cluster.SharedBroadcaster"/>) share.
/// </summary>
public sealed class BatchSender(IHubContext<SessionHub, ISessionClient> hub, TimeProvider clock, IOptions<BroadcastOptions> options)
{
    /// <summary>The shortest time between two batches to one event.</summary>
    public TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.MinIntervalMs));

    /// <summary>
    /// Sends one batch: to each group (everyone's, the facilitator's, the moderators') the entries its role may see,
    /// encoded once and sent to every connection of the group; then, to each person an entry is addressed to, an
    /// <c>Own</c> batch of those entries only, leaving out of each connection what its own answer already carried
    /// (<see cref="StoredChange.AnsweredOn"/>). A personal entry is never repeated in a group's batch, so the cost of
    /// a batch grows with the room plus the people addressed, not with their product. <paramref name="of"/> finds a
    /// person's connections (on every node, on the shared store); <paramref name="gate"/>, when given, is held while
    /// the batch is handed to SignalR (this node's connections join their groups under it).
    /// </summary>
    public async Task Send(long eventId, long from, long to, List<StoredChange> changes, Func<long, (Role Role, string[] Ids)> of, SemaphoreSlim? gate)
    {
        var merged = Merge(changes);
        // Each entry is encoded to JSON once, however many batches carry it.
        var encoded = EncodedChanges.All(merged.Select(c => c.Change).ToList());
        var now = clock.GetUtcNow();
        var addressed = new Dictionary<long, List<int>>();
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i].Audience.Kind == AudienceKind.Person)
            {
                var personId = merged[i].Audience.PersonId;
                if (!addressed.TryGetValue(personId, out var entries))
                {
                    addressed[personId] = entries = [];
                }

                entries.Add(i);
            }
        }

        var sends = new List<Task>(Audiences.GroupRoles.Length + addressed.Count);
        if (gate is not null)
        {
            await gate.WaitAsync();
        }

        try
        {
            foreach (var (personId, entries) in addressed)
            {
                var ids = of(personId).Ids;
                if (ids.Length == 0)
                {
                    continue;
                }

                if (entries.All(i => merged[i].AnsweredOn is null))
                {
                    // One connection (the usual case) is found by id; a list of them makes SignalR look at every connection.
                    var receiver = ids.Length == 1 ? hub.Clients.Client(ids[0]) : hub.Clients.Clients(ids);
                    sends.Add(receiver.Own(Batch(encoded.Select(entries.Contains))));
                    continue;
                }

                foreach (var id in ids)
                {
                    var unanswered = entries.Where(i => merged[i].AnsweredOn != id).ToList();
                    if (unanswered.Count > 0)
                    {
                        sends.Add(hub.Clients.Client(id).Own(Batch(encoded.Select(unanswered.Contains))));
                    }
                }
            }

            foreach (var role in Audiences.GroupRoles)
            {
                var listener = new Listener(0, role);
                sends.Add(hub.Clients.Group(Audiences.Group(eventId, role))
                    .Changes(Batch(encoded.Select(i => merged[i].Audience.Kind != AudienceKind.Person && Audiences.MaySee(listener, merged[i].Audience)))));
            }
        }
        finally
        {
            gate?.Release();
        }

        await Task.WhenAll(sends);
        HubMetrics.Batches.Add(1);

        ChangeBatch Batch(EncodedChanges entries) => new(eventId, from, to, now, entries);
    }

    /// <summary>
    /// An empty batch at <paramref name="version"/> to everyone in the event: a client that is behind it (it missed a
    /// batch the backplane lost) sees the gap and calls Sync; a client that is there ignores it.
    /// </summary>
    public Task SendVersion(long eventId, long version)
    {
        var batch = new ChangeBatch(eventId, version, version, clock.GetUtcNow(), []);
        return Task.WhenAll(Audiences.GroupRoles.Select(role => hub.Clients.Group(Audiences.Group(eventId, role)).Changes(batch)));
    }

    /// <summary>
    /// Keeps, of the entries for one audience that share a merge key, only the newest, where the newest stands.
    /// </summary>
    public static List<StoredChange> Merge(IReadOnlyList<StoredChange> changes)
    {
        var newest = new Dictionary<(Audience, string), int>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].MergeKey is { } key)
            {
                newest[(changes[i].Audience, key)] = i;
            }
        }

        var kept = new List<StoredChange>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].MergeKey is not { } key || newest[(changes[i].Audience, key)] == i)
            {
                kept.Add(changes[i]);
            }
        }

        return kept;
    }

}
