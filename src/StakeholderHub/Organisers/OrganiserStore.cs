using System.Data.Common;
using Dapper;
using StakeholderHub.Data;

namespace StakeholderHub.Organisers;

/// <summary>
/// The SQL of organiser accounts and invitations (tables <c>organisers</c>, <c>organiser_invitations</c>). They
/// belong to no event, so they are written on a connection of their own, not through the event writer; what an
/// organiser does to an event (create, archive, delete) goes through <see cref="ChangeWriter"/>.
/// </summary>
public static class OrganiserStore
{
    public sealed record AccountRow(long Id, string Email, string Name, string? PasswordHash)
    {
        public Organiser View() => new(Id, Email, Name);
    }

    private const string AccountColumns = "id AS Id, email AS Email, name AS Name, password_hash AS PasswordHash";

    public static AccountRow? ByEmail(IStoreReader sql, string email) =>
        sql.QuerySingleOrDefault<AccountRow>($"SELECT {AccountColumns} FROM organisers WHERE email = @Email", new { Email = email });

    public static AccountRow? ById(IStoreReader sql, long id) =>
        sql.QuerySingleOrDefault<AccountRow>($"SELECT {AccountColumns} FROM organisers WHERE id = @Id", new { Id = id });

    public static long Count(IStoreReader sql) => sql.ExecuteScalar<long>("SELECT COUNT(*) FROM organisers");

    /// <summary>Inserts the account; null when the address has one already.</summary>
    public static long? Insert(DbConnection connection, DbTransaction? transaction, string email, string name, string? passwordHash, long nowMs) =>
        connection.QuerySingleOrDefault<long?>(
            """
            INSERT INTO organisers (email, name, password_hash, created_at) VALUES (@Email, @Name, @Hash, @Now)
            ON CONFLICT (email) DO NOTHING RETURNING id
            """,
            new { Email = email, Name = name, Hash = passwordHash, Now = nowMs }, transaction);

    public static void SetPasswordHash(DbConnection connection, long id, string hash) =>
        connection.Execute("UPDATE organisers SET password_hash = @Hash WHERE id = @Id", new { Id = id, Hash = hash });

    public static void InsertInvitation(DbConnection connection, string tokenHash, string email, long invitedBy, long nowMs, long expiresMs) =>
        connection.Execute(
            "INSERT INTO organiser_invitations (token_hash, email, invited_by, created_at, expires_at) VALUES (@Hash, @Email, @By, @Now, @Expires)",
            new { Hash = tokenHash, Email = email, By = invitedBy, Now = nowMs, Expires = expiresMs });

    public sealed class InvitationRow
    {
        public long Id { get; init; }

        public string Email { get; init; } = "";

        public string InvitedBy { get; init; } = "";

        public long ExpiresAt { get; init; }

        public long? UsedAt { get; init; }
    }

    public static InvitationRow? Invitation(IStoreReader sql, string tokenHash) =>
        sql.QuerySingleOrDefault<InvitationRow>(
            """
            SELECT i.id AS Id, i.email AS Email, o.name AS InvitedBy, i.expires_at AS ExpiresAt, i.used_at AS UsedAt
            FROM organiser_invitations i JOIN organisers o ON o.id = i.invited_by WHERE i.token_hash = @Hash
            """,
            new { Hash = tokenHash });

    /// <summary>Marks the invitation used, if it is still open: false when another request used it first or it expired.</summary>
    public static bool UseInvitation(DbConnection connection, DbTransaction transaction, long invitationId, long organiserId, long nowMs) =>
        connection.Execute(
            "UPDATE organiser_invitations SET used_at = @Now, used_by = @By WHERE id = @Id AND used_at IS NULL AND expires_at > @Now",
            new { Id = invitationId, By = organiserId, Now = nowMs }, transaction) == 1;

    /// <summary>Mapped by property (SQLite types a column by each value, so a NULL or a COUNT matches no constructor).</summary>
    public sealed class EventRow
    {
        public long Id { get; init; }

        public string Title { get; init; } = "";

        public string JoinCode { get; init; } = "";

        public long? StartsAt { get; init; }

        public long CreatedAt { get; init; }

        public long? ClosedAt { get; init; }

        public long? ArchivedAt { get; init; }

        public long CheckedIn { get; init; }
    }

    /// <summary>The organiser's events (never another's), newest first, each with its number of checked-in participants.</summary>
    public static IReadOnlyList<EventRow> Events(IStoreReader sql, long organiserId) =>
        sql.Query<EventRow>(
            """
            SELECT e.id AS Id, e.title AS Title, e.join_code AS JoinCode, e.starts_at AS StartsAt, e.created_at AS CreatedAt,
                   e.closed_at AS ClosedAt, e.archived_at AS ArchivedAt,
                   (SELECT COUNT(*) FROM people p WHERE p.event_id = e.id AND p.role = 'participant') AS CheckedIn
            FROM events e WHERE e.organiser_id = @OrganiserId
            ORDER BY COALESCE(e.starts_at, e.created_at) DESC, e.id DESC
            """,
            new { OrganiserId = organiserId }).ToList();

    /// <summary>Whether the event is the organiser's.</summary>
    public static bool Owns(IStoreReader sql, long organiserId, long eventId) =>
        sql.ExecuteScalar<long>("SELECT COUNT(*) FROM events WHERE id = @EventId AND organiser_id = @OrganiserId",
            new { EventId = eventId, OrganiserId = organiserId }) == 1;

    public static void SetOwner(WriteContext context, long organiserId) =>
        context.Execute("UPDATE events SET organiser_id = @OrganiserId WHERE id = @EventId", new { context.EventId, OrganiserId = organiserId });

    public static void SetArchived(WriteContext context, long? archivedAt) =>
        context.Execute("UPDATE events SET archived_at = @At WHERE id = @EventId", new { context.EventId, At = archivedAt });
}
