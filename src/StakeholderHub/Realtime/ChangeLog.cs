using System.Text.Json;
using StakeholderHub.Data;

namespace StakeholderHub.Realtime;

/// <summary>Reads the stored changes back for clients that missed some.</summary>
public static class ChangeLog
{
    public static long CountSince(IStoreReader sql, long eventId, long since) =>
        sql.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM changes WHERE event_id = @EventId AND version > @Since",
            new { EventId = eventId, Since = since });

    public static IReadOnlyList<StoredChange> Since(IStoreReader sql, long eventId, long since) =>
        Range(sql, eventId, since, long.MaxValue);

    /// <summary>The stored changes with <c>after &lt; version &lt;= upTo</c>, in order.</summary>
    public static List<StoredChange> Range(IStoreReader sql, long eventId, long after, long upTo) =>
        sql.Query<Row>(
            """
            SELECT version AS Version, kind AS Kind, audience AS Audience, recipient AS Recipient, merge_key AS MergeKey, data AS Data
            FROM changes WHERE event_id = @EventId AND version > @After AND version <= @UpTo ORDER BY version, seq
            """,
            new { EventId = eventId, After = after, UpTo = upTo })
            .Select(row => new StoredChange(
                eventId,
                new Change(row.Version, row.Kind, JsonDocument.Parse(row.Data).RootElement.Clone()),
                Audiences.Parse(row.Audience, row.Recipient),
                row.MergeKey))
            .ToList();

    private sealed record Row(long Version, string Kind, string Audience, long? Recipient, string? MergeKey, string Data);
}
