using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Cluster;

/// <summary>
/// Broadcasting on the shared store, where several nodes write one database. Each event has one broadcasting node at
/// a time: the node holding the event's PostgreSQL advisory lock (tried by every node with connections to the
/// event). It reads the committed changes back from the <c>changes</c> table in version order, so its batches are
/// whole and in order whichever node's writer committed them, and sends them through SignalR, whose Redis backplane
/// carries them to the connections of every node. A writer's commit wakes it: at once on its own node, through
/// <c>NOTIFY</c> on the others. What it has sent is kept in <c>broadcasts</c>, so when the node dies (its lock goes
/// with its database session) the next one goes on from there. A send that fails (Redis is away) is sent again from
/// the database until it goes through; an empty batch at the event's version every few seconds lets a client that
/// missed a batch (the backplane delivers at most once) find out and call Sync.
/// </summary>
public sealed class SharedBroadcaster : BackgroundService, ICommitListener
{
    /// <summary>The channel of <c>NOTIFY</c>: the payload is the event's id.</summary>
    public const string Channel = "stakeholderhub_changes";

    /// <summary>The channel of revoked links and changed people (<see cref="ClusterStore.AnnouncePeople"/>).</summary>
    public const string PeopleChannel = "stakeholderhub_people";

    /// <summary>How many versions one batch read from the database holds at the most.</summary>
    private const int MaxVersionsPerBatch = 500;

    private readonly Database _database;
    private readonly BatchSender _sender;
    private readonly Connections _connections;
    private readonly SharedConnections _registry;
    private readonly PeopleDirectory _people;
    private readonly TimeProvider _clock;
    private readonly ILogger<SharedBroadcaster> _logger;
    private readonly TimeSpan _heartbeat;
    private readonly ConcurrentDictionary<long, Outbox> _owned = new();
    private readonly Dictionary<long, DateTimeOffset> _tried = [];

    /// <summary>Whose answer carried a version's personal entries, for the versions this node committed and broadcasts.</summary>
    private readonly ConcurrentDictionary<(long EventId, long Version), (string ConnectionId, long PersonId)> _answered = new();

    private const int MaxAnswered = 100_000;

    public SharedBroadcaster(Database database, BatchSender sender, Connections connections, SharedConnections registry,
        PeopleDirectory people, TimeProvider clock, IOptions<BroadcastOptions> options, ILogger<SharedBroadcaster> logger)
    {
        _people = people;
        _database = database;
        _sender = sender;
        _connections = connections;
        _registry = registry;
        _clock = clock;
        _logger = logger;
        _heartbeat = TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds));
    }

    /// <summary>The events this node broadcasts now.</summary>
    public IReadOnlyCollection<long> Broadcasting => _owned.Keys.ToList();

    /// <summary>
    /// This node's writer committed them: the event's broadcasting node reads and sends them. When that is this node,
    /// it first notes whose answer carried which of them (<see cref="StoredChange.AnsweredOn"/>: the database does not
    /// keep it), so that the caller's connection does not hear them again. Another node's commits, and one read back
    /// in the instant between the commit and this note, may still be heard once more: the client takes an entry
    /// once, by its version.
    /// </summary>
    public void Committed(IReadOnlyList<StoredChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var eventId = changes[0].EventId;
        if (_owned.ContainsKey(eventId))
        {
            if (_answered.Count > MaxAnswered)
            {
                // Only a saving is lost: nothing was sent for a long while (Redis away) and the notes piled up.
                _answered.Clear();
            }

            foreach (var change in changes)
            {
                if (change.AnsweredOn is { } connectionId)
                {
                    _answered[(eventId, change.Change.Version)] = (connectionId, change.Audience.PersonId);
                }
            }
        }

        Wake(eventId);
    }

    /// <summary>The notes of <see cref="Committed"/> put back on the changes read from the database, and forgotten.</summary>
    private void MarkAnswered(long eventId, List<StoredChange> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.Audience.Kind == AudienceKind.Person
                && _answered.TryGetValue((eventId, change.Change.Version), out var answered)
                && answered.PersonId == change.Audience.PersonId)
            {
                changes[i] = change with { AnsweredOn = answered.ConnectionId };
            }
        }

        foreach (var version in changes.Select(change => change.Change.Version).Distinct())
        {
            _answered.TryRemove((eventId, version), out _);
        }
    }

    /// <summary>Changes of the event were committed: if this node broadcasts it, read and send them.</summary>
    public void Wake(long eventId)
    {
        if (_owned.TryGetValue(eventId, out var outbox))
        {
            Kick(outbox);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Coordinate(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "The broadcast coordination connection failed; this node broadcasts no event until it is back");
            }
            finally
            {
                // The advisory locks went with the session: another node may broadcast these events now.
                foreach (var outbox in _owned.Values)
                {
                    outbox.Owned = false;
                }

                _owned.Clear();
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            _registry.Forget();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Could not remove this node's connections from the registry at shutdown");
        }
    }

    /// <summary>
    /// One database session for the whole node: it listens for commits and holds the advisory locks of the events
    /// this node broadcasts. Between waits for notifications it tries to take the events it has connections to and
    /// that nobody broadcasts, wakes its own (a notification lost while this session was away is read anyway), and
    /// keeps the connection registry fresh.
    /// </summary>
    private async Task Coordinate(CancellationToken stopping)
    {
        await using var connection = (NpgsqlConnection)_database.Open();
        connection.Notification += (_, notification) =>
        {
            if (notification.Channel == PeopleChannel)
            {
                _people.Changed(ClusterStore.ReadPeople(notification.Payload));
            }
            else if (long.TryParse(notification.Payload, out var eventId))
            {
                Wake(eventId);
            }
        };
        await ClusterStore.Listen(connection);
        // Links revoked while this node was not listening (at start, or its session was lost) were not heard of.
        await _people.RecheckAll();
        var nextTick = DateTimeOffset.MinValue;
        var nextRefresh = DateTimeOffset.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            await Claim(connection, now);
            if (now >= nextTick)
            {
                nextTick = now + TimeSpan.FromSeconds(1);
                foreach (var outbox in _owned.Values)
                {
                    if (now - outbox.LastSent >= _heartbeat)
                    {
                        outbox.HeartbeatDue = true;
                    }

                    Kick(outbox);
                }
            }

            if (now >= nextRefresh)
            {
                nextRefresh = now + SharedConnections.RefreshEvery;
                _registry.Refresh(connection);
            }

            await connection.WaitAsync(TimeSpan.FromMilliseconds(250), stopping);
        }
    }

    /// <summary>
    /// Takes the events this node has connections to that no node broadcasts: a new one at once, then once a second
    /// while another node has it.
    /// </summary>
    private async Task Claim(NpgsqlConnection connection, DateTimeOffset now)
    {
        foreach (var eventId in _connections.Events())
        {
            if (_owned.ContainsKey(eventId) || (_tried.TryGetValue(eventId, out var last) && now - last < TimeSpan.FromSeconds(1)))
            {
                continue;
            }

            _tried[eventId] = now;
            if (!await ClusterStore.TryLease(connection, eventId))
            {
                continue;
            }

            // Go on from what the last broadcaster sent. An event nobody broadcast yet starts at the beginning: its
            // clients may have read their snapshot at any version so far (a long history is cut short in SendNext).
            var sentTo = await ClusterStore.SentTo(connection, eventId) ?? 0;
            var outbox = new Outbox(eventId, sentTo) { Owned = true, HeartbeatDue = true };
            _owned[eventId] = outbox;
            _logger.LogInformation("This node broadcasts event {EventId} from version {Version}", eventId, sentTo);
            Kick(outbox);
        }
    }

    private void Kick(Outbox outbox)
    {
        lock (outbox)
        {
            outbox.Dirty = true;
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
            var wait = outbox.LastSent + _sender.Interval - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock);
            }

            lock (outbox)
            {
                if (!outbox.Owned || !outbox.Dirty)
                {
                    outbox.Pumping = false;
                    return;
                }

                outbox.Dirty = false;
            }

            try
            {
                if (!await SendNext(outbox))
                {
                    Kick(outbox);
                }
            }
            catch (Exception error)
            {
                // Nothing is marked sent: the same versions are read and sent again once Redis (or the database) answers.
                _logger.LogWarning(error, "Broadcasting event {EventId} after version {Version} failed; trying again", outbox.EventId, outbox.SentTo);
                outbox.LastSent = _clock.GetUtcNow() + TimeSpan.FromSeconds(1);
                lock (outbox)
                {
                    outbox.Dirty = true;
                }
            }
        }
    }

    /// <summary>Sends what was committed after the last batch; false when there is more to read at once.</summary>
    private async Task<bool> SendNext(Outbox outbox)
    {
        using var connection = _database.Open();
        var from = outbox.SentTo;
        var version = ClusterStore.Version(connection, outbox.EventId);
        if (version - from > MaxVersionsPerBatch)
        {
            // Too far behind to replay (nobody broadcast the event for a long while): every client that is behind the
            // event's version finds out from an empty batch at it and calls Sync, which answers with a snapshot.
            outbox.LastSent = _clock.GetUtcNow();
            await _sender.SendVersion(outbox.EventId, version);
            Sent(connection, outbox, version);
            return true;
        }

        var changes = ChangeLog.Range(new StoreRead(connection, null, _database.Dialect), outbox.EventId, from, from + MaxVersionsPerBatch);
        if (changes.Count == 0)
        {
            // Nothing new: the once-a-second look found nothing, or it is time for the heartbeat.
            if (outbox.HeartbeatDue)
            {
                outbox.HeartbeatDue = false;
                outbox.LastSent = _clock.GetUtcNow();
                await _sender.SendVersion(outbox.EventId, from);
            }

            return true;
        }

        outbox.LastSent = _clock.GetUtcNow();

        var to = changes[^1].Change.Version;
        MarkAnswered(outbox.EventId, changes);
        var addressed = changes.Where(c => c.Audience.Kind == AudienceKind.Person).Select(c => c.Audience.PersonId).Distinct().ToList();
        var found = _registry.Find(connection, outbox.EventId, addressed);
        await _sender.Send(outbox.EventId, from, to, changes,
            personId => found.TryGetValue(personId, out var entry) ? entry : (Role.Participant, []), gate: null);
        Sent(connection, outbox, to);
        return to < from + MaxVersionsPerBatch;
    }

    private static void Sent(DbConnection connection, Outbox outbox, long to)
    {
        if (!outbox.Owned)
        {
            return;
        }

        outbox.SentTo = to;
        outbox.HeartbeatDue = false;
        ClusterStore.MarkSent(connection, outbox.EventId, to);
    }

    private sealed class Outbox(long eventId, long sentTo)
    {
        public long EventId { get; } = eventId;

        public long SentTo { get; set; } = sentTo;

        public volatile bool Owned;

        public bool Dirty { get; set; }

        public bool Pumping { get; set; }

        public volatile bool HeartbeatDue;

        /// <summary>When the last batch or heartbeat was handed to SignalR: the pace of batches and of heartbeats.</summary>
        public DateTimeOffset LastSent { get; set; } = DateTimeOffset.MinValue;
    }
}

