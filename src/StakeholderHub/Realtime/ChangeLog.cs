using System.Data;
using System.Text.Json;
using Dapper;

namespace StakeholderHub.Realtime;

/// <summary>Reads the stored changes back for clients that missed some.</summary>
public static class ChangeLog
{
    public static long CountSince(IDbConnection connection, IDbTransaction transaction, long eventId, long since) =>
        connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM changes WHERE event_id = @EventId AND version > @Since",
            new { EventId = eventId, Since = since }, transaction);

    public static IReadOnlyList<StoredChange> Since(IDbConnection connection, IDbTransaction transaction, long eventId, long since) =>
        connection.Query<Row>(
            """
            SELECT version AS Version, kind AS Kind, audience AS Audience, recipient AS Recipient, merge_key AS MergeKey, data AS Data
            FROM changes WHERE event_id = @EventId AND version > @Since ORDER BY version, seq
            """,
            new { EventId = eventId, Since = since }, transaction)
            .Select(row => new StoredChange(
                eventId,
                new Change(row.Version, row.Kind, JsonDocument.Parse(row.Data).RootElement.Clone()),
                Audiences.Parse(row.Audience, row.Recipient),
                row.MergeKey))
            .ToList();

    private sealed record Row(long Version, string Kind, string Audience, long? Recipient, string? MergeKey, string Data);
}
