using StakeholderHub.Data;
using System.Data.Common;
using Dapper;
using StakeholderHub.Access;

namespace StakeholderHub.Cluster;

/// <summary>
/// The SQL of several nodes sharing one PostgreSQL database: the broadcast leases and what was sent, the connection
/// registry, the shared secrets and the Data Protection key ring.
/// </summary>
public static class ClusterStore
{
    /// <summary>The first key of the two-key advisory locks that make a node an event's broadcaster.</summary>
    private const int LockClass = 7707002;

    public static string? Secret(DbConnection connection, string name) =>
        connection.QuerySingleOrDefault<string>("SELECT value FROM server_secrets WHERE name = @Name", new { Name = name });

    /// <summary>Offers a value for the secret: the first offer to commit wins, later ones change nothing.</summary>
    public static void OfferSecret(DbConnection connection, string name, string value, DateTimeOffset now) =>
        connection.Execute(
            "INSERT INTO server_secrets (name, value, created_at) VALUES (@Name, @Value, @CreatedAt) ON CONFLICT (name) DO NOTHING",
            new { Name = name, Value = value, CreatedAt = now.ToUnixTimeMilliseconds() });

    public static IReadOnlyList<string> KeyRing(DbConnection connection) =>
        connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").ToList();

    public static void AddToKeyRing(DbConnection connection, string friendlyName, string xml, DateTimeOffset now) =>
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt)",
            new { FriendlyName = friendlyName, Xml = xml, CreatedAt = now.ToUnixTimeMilliseconds() });

    /// <summary>Announces, in the writer's transaction, that these events changed: <c>NOTIFY</c> is delivered at commit.</summary>
    public static void Announce(DbConnection connection, DbTransaction transaction, IEnumerable<long> eventIds)
    {
        foreach (var eventId in eventIds)
        {
            connection.Execute("SELECT pg_notify(@Channel, @Payload)",
                new { Channel = SharedBroadcaster.Channel, Payload = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, transaction);
        }
    }

    /// <summary>
    /// Announces, in the writer's transaction, the people whose links it revoked or whose rows it changed:
    /// <c>NOTIFY</c> on <see cref="SharedBroadcaster.PeopleChannel"/> with <c>revoked:</c> or <c>reread:</c> and ids
    /// separated by commas, a few hundred per notification (a payload must stay under 8,000 bytes).
    /// </summary>
    public static void AnnouncePeople(DbConnection connection, DbTransaction transaction, PeopleChanges changes)
    {
        foreach (var (what, ids) in new[] { ("revoked", changes.Revoked), ("reread", changes.Reread) })
        {
            foreach (var chunk in ids.Chunk(400))
            {
                connection.Execute("SELECT pg_notify(@Channel, @Payload)",
                    new { Channel = SharedBroadcaster.PeopleChannel, Payload = $"{what}:{string.Join(',', chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)))}" },
                    transaction);
            }
        }
    }

    /// <summary>Reads a notification <see cref="AnnouncePeople"/> sent.</summary>
    public static PeopleChanges ReadPeople(string payload)
    {
        var colon = payload.IndexOf(':');
        var ids = payload[(colon + 1)..].Split(',')
            .Select(id => long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var personId) ? personId : 0)
            .Where(id => id > 0).ToList();
        return payload.StartsWith("revoked:", StringComparison.Ordinal) ? new(ids, []) : new([], ids);
    }

    /// <summary>
    /// Listens for commits on the coordinating session. If this node vanishes without closing it (power cut, network
    /// gone), PostgreSQL keeps its advisory locks until it notices: with these keepalives within about 25 s, after
    /// which another node takes the events.
    /// </summary>
    public static async Task Listen(DbConnection connection)
    {
        await connection.ExecuteAsync("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3");
        await connection.ExecuteAsync($"LISTEN {SharedBroadcaster.Channel}");
        await connection.ExecuteAsync($"LISTEN {SharedBroadcaster.PeopleChannel}");
    }

    /// <summary>Takes the event's broadcast lease (a session-level advisory lock) if no node holds it.</summary>
    public static Task<bool> TryLease(DbConnection connection, long eventId) =>
        connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@Class, @Key)", new { Class = LockClass, Key = unchecked((int)eventId) });

    /// <summary>The last version the event's broadcasting node (this one or one before it) sent.</summary>
    public static Task<long?> SentTo(DbConnection connection, long eventId) =>
        connection.ExecuteScalarAsync<long?>("SELECT sent_to FROM broadcasts WHERE event_id = @EventId", new { EventId = eventId });

    public static void MarkSent(DbConnection connection, long eventId, long to) =>
        connection.Execute(
            """
            INSERT INTO broadcasts (event_id, sent_to) VALUES (@EventId, @SentTo)
            ON CONFLICT (event_id) DO UPDATE SET sent_to = excluded.sent_to WHERE broadcasts.sent_to < excluded.sent_to
            """,
            new { EventId = eventId, SentTo = to });

    public static long Version(DbConnection connection, long eventId) =>
        connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId });

    public static Task AddConnection(DbConnection connection, string connectionId, string nodeId, Person person, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO connections (connection_id, node_id, event_id, person_id, role, seen_at)
            VALUES (@ConnectionId, @NodeId, @EventId, @PersonId, @Role, @SeenAt)
            """,
            new
            {
                ConnectionId = connectionId,
                NodeId = nodeId,
                person.EventId,
                PersonId = person.Id,
                Role = person.Role.ToString(),
                SeenAt = now.ToUnixTimeMilliseconds(),
            });

    public static Task RemoveConnection(DbConnection connection, string connectionId) =>
        connection.ExecuteAsync("DELETE FROM connections WHERE connection_id = @ConnectionId", new { ConnectionId = connectionId });

    /// <summary>The connections of these people of the event, on every node.</summary>
    public static IEnumerable<(long PersonId, string Role, string ConnectionId)> Connections(DbConnection connection, long eventId, List<long> personIds) =>
        connection.Query<(long PersonId, string Role, string ConnectionId)>(
            "SELECT person_id, role, connection_id FROM connections WHERE event_id = @EventId AND person_id = ANY(@PersonIds)",
            new { EventId = eventId, PersonIds = personIds });

    /// <summary>Keeps this node's rows fresh and removes those of nodes that stopped doing so.</summary>
    public static void RefreshConnections(DbConnection connection, string nodeId, DateTimeOffset now, DateTimeOffset staleBefore)
    {
        connection.Execute("UPDATE connections SET seen_at = @Now WHERE node_id = @NodeId", new { Now = now.ToUnixTimeMilliseconds(), NodeId = nodeId });
        connection.Execute("DELETE FROM connections WHERE seen_at < @Before", new { Before = staleBefore.ToUnixTimeMilliseconds() });
    }

    public static void ForgetNode(DbConnection connection, string nodeId) =>
        connection.Execute("DELETE FROM connections WHERE node_id = @NodeId", new { NodeId = nodeId });
}
