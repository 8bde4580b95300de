using System.Data;
using Dapper;
using StakeholderHub.Data;

namespace StakeholderHub.Badges;

/// <summary>The SQL of the status list: a stable index per credential, and which indexes are revoked.</summary>
public static class StatusListStore
{
    /// <summary>Takes the next free index for a credential about to be issued (in the same transaction).</summary>
    public static long Allocate(WriteContext context, string credentialId) =>
        context.ExecuteScalar<long>(
            "INSERT INTO status_list_entries (credential_id) VALUES (@CredentialId) RETURNING status_index",
            new { CredentialId = credentialId });

    /// <summary>The revoked credentials' indexes from <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    public static IReadOnlyList<long> Revoked(IDbConnection connection, long from, long to) =>
        connection.Query<long>(
            """
            SELECT s.status_index FROM status_list_entries s JOIN credentials c ON c.id = s.credential_id
            WHERE c.revoked_at IS NOT NULL AND s.status_index >= @From AND s.status_index < @To
            ORDER BY s.status_index
            """,
            new { From = from, To = to }).ToList();
}
