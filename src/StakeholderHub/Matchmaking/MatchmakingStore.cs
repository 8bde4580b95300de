using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Matchmaking;

/// <summary>The SQL of partner matchmaking: both consents of a membership, the owners' contacts, the owners' updates.</summary>
public static class MatchmakingStore
{
    public sealed record ProposalRow(long Id, long OwnerId, string Title, string Status, string? HeldReason, string? OwnerName,
        string? OwnerOrganisation, string? OwnerCountry, string? OwnerEmail);

    public sealed record MemberRow(long PersonId, string? Name, string? Organisation, string? Country, string Intent, string Note,
        long ShareContact, string? ContactEmail, long SharePartners, string? PartnersEmail);

    public sealed record UpdateRow(long Id, long ProposalId, string Text, long? StartsAt, string? HeldReason, long CreatedAt)
    {
        public ProposalUpdate View(bool staff) => new(Id, ProposalId, Text, StartsAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), HeldReason is not null, staff ? HeldReason : null);
    }

    public static ProposalRow? Proposal(IStoreReader sql, long eventId, long proposalId) =>
        sql.QuerySingleOrDefault<ProposalRow>(
            $"""
            SELECT p.id AS Id, p.owner_id AS OwnerId, p.title AS Title, p.status AS Status, p.held_reason AS HeldReason,
                   o.name AS OwnerName, o.organisation AS OwnerOrganisation, o.country AS OwnerCountry, c.email AS OwnerEmail
            FROM proposals p {ShownNames.Join("o", "p.owner_id")}
            LEFT JOIN owner_contacts c ON c.person_id = p.owner_id
            WHERE p.id = @Id AND p.event_id = @EventId
            """,
            new { Id = proposalId, EventId = eventId });

    /// <summary>The proposals a person owns or joined, in the board's id order.</summary>
    public static IReadOnlyList<long> ProposalsOf(IStoreReader sql, long eventId, long personId) =>
        sql.Query<long>(
            """
            SELECT id FROM proposals WHERE event_id = @EventId AND owner_id = @PersonId
            UNION
            SELECT m.proposal_id FROM proposal_members m JOIN proposals p ON p.id = m.proposal_id
            WHERE p.event_id = @EventId AND m.person_id = @PersonId
            ORDER BY 1
            """,
            new { EventId = eventId, PersonId = personId }).ToList();

    private static readonly string MemberSelect = $"""
        SELECT m.person_id AS PersonId, x.name AS Name, x.organisation AS Organisation, x.country AS Country, m.intent AS Intent,
               m.note AS Note, m.share_contact AS ShareContact, m.contact_email AS ContactEmail, m.share_partners AS SharePartners,
               m.partners_email AS PartnersEmail
        FROM proposal_members m {ShownNames.Join("x", "m.person_id")}
        """;

    /// <summary>Everyone who joined a proposal, in the order they joined.</summary>
    public static IReadOnlyList<MemberRow> Members(IStoreReader sql, long proposalId) =>
        sql.Query<MemberRow>($"{MemberSelect} WHERE m.proposal_id = @Id ORDER BY m.joined_at, m.person_id", new { Id = proposalId }).ToList();

    /// <summary>One joiner of a proposal (a look-up by key: a room joining one proposal does not read all its joiners per join).</summary>
    public static MemberRow? Member(IStoreReader sql, long proposalId, long personId) =>
        sql.QuerySingleOrDefault<MemberRow>($"{MemberSelect} WHERE m.proposal_id = @Id AND m.person_id = @PersonId", new { Id = proposalId, PersonId = personId });

    public static void SetConsents(WriteContext context, long proposalId, long personId, bool shareContact, string? contactEmail, bool sharePartners,
        string? partnersEmail) =>
        context.Execute(
            """
            UPDATE proposal_members SET share_contact = @ShareContact, contact_email = @ContactEmail, share_partners = @SharePartners,
                partners_email = @PartnersEmail, updated_at = @Now
            WHERE proposal_id = @Id AND person_id = @PersonId
            """,
            new
            {
                Id = proposalId, PersonId = personId, ShareContact = shareContact ? 1L : 0L, ContactEmail = shareContact ? contactEmail : null,
                SharePartners = sharePartners ? 1L : 0L, PartnersEmail = sharePartners ? partnersEmail : null, Now = context.NowMs,
            });

    public static string? OwnerContact(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<string?>("SELECT email FROM owner_contacts WHERE person_id = @PersonId", new { PersonId = personId });

    public static void SetOwnerContact(WriteContext context, long personId, string? email) =>
        context.Execute(
            """
            INSERT INTO owner_contacts (person_id, event_id, email, updated_at) VALUES (@PersonId, @EventId, @Email, @Now)
            ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at
            """,
            new { PersonId = personId, context.EventId, Email = email, Now = context.NowMs });

    public static IReadOnlyList<UpdateRow> Updates(IStoreReader sql, long proposalId) =>
        sql.Query<UpdateRow>(
            """
            SELECT id AS Id, proposal_id AS ProposalId, text AS Text, starts_at AS StartsAt, held_reason AS HeldReason, created_at AS CreatedAt
            FROM proposal_updates WHERE proposal_id = @Id ORDER BY id DESC
            """,
            new { Id = proposalId }).ToList();

    public static UpdateRow? Update(IStoreReader sql, long eventId, long updateId) =>
        sql.QuerySingleOrDefault<UpdateRow>(
            """
            SELECT id AS Id, proposal_id AS ProposalId, text AS Text, starts_at AS StartsAt, held_reason AS HeldReason, created_at AS CreatedAt
            FROM proposal_updates WHERE id = @Id AND event_id = @EventId
            """,
            new { Id = updateId, EventId = eventId });

    public static long? UpdateByRequest(IStoreReader sql, long proposalId, string requestId) =>
        sql.QuerySingleOrDefault<long?>("SELECT id FROM proposal_updates WHERE proposal_id = @Id AND request_id = @RequestId",
            new { Id = proposalId, RequestId = requestId });

    public static long InsertUpdate(WriteContext context, long proposalId, string text, DateTimeOffset? startsAt, string? held, string? requestId) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO proposal_updates (event_id, proposal_id, text, starts_at, held_reason, request_id, created_at)
            VALUES (@EventId, @Id, @Text, @StartsAt, @Held, @RequestId, @Now)
            RETURNING id
            """,
            new { context.EventId, Id = proposalId, Text = text, StartsAt = startsAt?.ToUnixTimeMilliseconds(), Held = held, RequestId = requestId, Now = context.NowMs });

    public static void ApproveUpdate(WriteContext context, long updateId) =>
        context.Execute("UPDATE proposal_updates SET held_reason = NULL WHERE id = @Id", new { Id = updateId });

    public static void DeleteUpdate(WriteContext context, long updateId) =>
        context.Execute("DELETE FROM proposal_updates WHERE id = @Id", new { Id = updateId });

    /// <summary>The updates the content filter holds, for the facilitator's snapshot (oldest first).</summary>
    public static IReadOnlyList<UpdateRow> Held(IStoreReader sql, long eventId) =>
        sql.Query<UpdateRow>(
            """
            SELECT id AS Id, proposal_id AS ProposalId, text AS Text, starts_at AS StartsAt, held_reason AS HeldReason, created_at AS CreatedAt
            FROM proposal_updates WHERE event_id = @EventId AND held_reason IS NOT NULL ORDER BY id
            """,
            new { EventId = eventId }).ToList();

    /// <summary>What an erase of the person removes here: the addresses (to scrub from the stored changes) and the texts.</summary>
    public sealed record Erasable(IReadOnlyList<string> Emails, IReadOnlyList<string> Texts, IReadOnlyList<long> Owned);

    public static Erasable Of(IStoreReader sql, long eventId, long personId)
    {
        var emails = sql.Query<string>(
            """
            SELECT partners_email FROM proposal_members WHERE person_id = @PersonId AND partners_email IS NOT NULL
            UNION SELECT email FROM owner_contacts WHERE person_id = @PersonId AND email IS NOT NULL
            """,
            new { PersonId = personId }).ToList();
        var owned = sql.Query<long>("SELECT id FROM proposals WHERE event_id = @EventId AND owner_id = @PersonId ORDER BY id",
            new { EventId = eventId, PersonId = personId }).ToList();
        var texts = sql.Query<string>(
            "SELECT u.text FROM proposal_updates u JOIN proposals p ON p.id = u.proposal_id WHERE p.event_id = @EventId AND p.owner_id = @PersonId",
            new { EventId = eventId, PersonId = personId }).ToList();
        return new Erasable(emails, texts, owned);
    }

    /// <summary>An erased owner's contact and the updates they wrote go.</summary>
    public static void EraseOwner(WriteContext context, long personId)
    {
        context.Execute("DELETE FROM owner_contacts WHERE person_id = @PersonId", new { PersonId = personId });
        context.Execute(
            "DELETE FROM proposal_updates WHERE proposal_id IN (SELECT id FROM proposals WHERE event_id = @EventId AND owner_id = @PersonId)",
            new { context.EventId, PersonId = personId });
    }
}
