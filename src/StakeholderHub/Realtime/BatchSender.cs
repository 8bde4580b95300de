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
    /// Sends one batch: everyone's entries to everyone's group, the facilitator's too to the facilitator's group, the
    /// moderation's to the facilitator's and the moderators' groups,
    /// and to each person an entry is addressed to, their own batch instead of the group's. <paramref name="of"/>
    /// finds a person's connections (on every node, on the shared store); <paramref name="gate"/>, when given, is
    /// held while the batch is handed to SignalR (this node's connections join their groups under it).
    /// </summary>
    public async Task Send(long eventId, long from, long to, List<StoredChange> changes, Func<long, (Role Role, string[] Ids)> of, SemaphoreSlim? gate)
    {
        var merged = Merge(changes);
        // Each entry is encoded to JSON once, however many personal batches repeat it.
        var encoded = EncodedChanges.All(merged.Select(c => c.Change).ToList());
        var now = clock.GetUtcNow();
        var addressed = merged.Where(c => c.Audience.Kind == AudienceKind.Person).Select(c => c.Audience.PersonId).Distinct().ToList();
        var sends = new List<Task>(Audiences.GroupRoles.Length + addressed.Count);
        if (gate is not null)
        {
            await gate.WaitAsync();
        }

        try
        {
            var leftOut = Audiences.GroupRoles.Select(_ => new ConnectionIds()).ToArray();
            foreach (var personId in addressed)
            {
                var (role, ids) = of(personId);
                if (ids.Length == 0)
                {
                    continue;
                }

                var listener = new Listener(personId, role);
                // One connection (the usual case) is found by id; a list of them makes SignalR look at every connection.
                var receiver = ids.Length == 1 ? hub.Clients.Client(ids[0]) : hub.Clients.Clients(ids);
                sends.Add(receiver.Changes(Batch(listener)));
                leftOut[Audiences.GroupIndex(role)].Add(ids);
            }

            foreach (var role in Audiences.GroupRoles)
            {
                sends.Add(hub.Clients.GroupExcept(Audiences.Group(eventId, role), leftOut[Audiences.GroupIndex(role)]).Changes(Batch(new Listener(0, role))));
            }
        }
        finally
        {
            gate?.Release();
        }

        await Task.WhenAll(sends);
        HubMetrics.Batches.Add(1);

        ChangeBatch Batch(Listener listener) => new(
            eventId, from, to, now, encoded.Select(i => Audiences.MaySee(listener, merged[i].Audience)));
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

/// <summary>
/// Connection ids to leave out of a group send. SignalR asks <c>Contains</c> of it once per connection in the
/// group; being a collection with a hash set behind it, that is one look-up rather than a scan of the list.
/// </summary>
internal sealed class ConnectionIds : IReadOnlyList<string>, ICollection<string>
{
    private readonly List<string> _list = [];
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);

    public int Count => _list.Count;

    public bool IsReadOnly => true;

    public string this[int index] => _list[index];

    public void Add(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (_set.Add(id))
            {
                _list.Add(id);
            }
        }
    }

    public bool Contains(string item) => _set.Contains(item);

    public void CopyTo(string[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

    public IEnumerator<string> GetEnumerator() => _list.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<string>.Add(string item) => throw new NotSupportedException();

    void ICollection<string>.Clear() => throw new NotSupportedException();

    bool ICollection<string>.Remove(string item) => throw new NotSupportedException();
}
