using System.Text.Json;
using Dapper;
using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Board;

/// <summary>The proposal board's SQL.</summary>
public static class ProposalStore
{
    private static readonly string Columns = $"""
        p.id AS Id, p.owner_id AS OwnerId, o.name AS OwnerName, o.organisation AS OwnerOrganisation, p.title AS Title,
        p.summary AS Summary, p.partners_sought AS PartnersSought, p.countries AS Countries, p.themes AS Themes,
        p.tags AS Tags, p.agenda_item_id AS AgendaItemId, p.status AS Status, p.upvotes AS Upvotes,
        p.members AS Members, p.created_at AS CreatedAt, p.updated_at AS UpdatedAt, p.held_reason AS HeldReason,
        p.rejected AS Rejected
        """;

    /// <summary>The board order (docs/protocol.md, Ranking): not closed first, upvotes, members, then the older.</summary>
    private const string Ranking = "CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END, p.upvotes DESC, p.members DESC, p.id";

    /// <summary>
    /// The board as one person sees it: every proposal for the facilitator (a held one with why); for everyone else
    /// the ones the room sees, and their own held ones as waiting.
    /// </summary>
    public static IReadOnlyList<Proposal> Board(IStoreReader sql, long eventId, long personId, bool staff) =>
        sql.Query<Row>(
            $"""
            SELECT {Columns} FROM proposals p {ShownNames.Join("o", "p.owner_id")}
            WHERE p.event_id = @EventId AND (@Staff OR p.held_reason IS NULL OR p.owner_id = @PersonId)
            ORDER BY {Ranking}
            """,
            new { EventId = eventId, PersonId = personId, Staff = staff })
            .Select(row => staff ? row.ToProposal() : row.ToProposal().Owner()).ToList();

    public static Proposal? Find(IStoreReader sql, long eventId, long proposalId) =>
        sql.QuerySingleOrDefault<Row>(
            $"SELECT {Columns} FROM proposals p {ShownNames.Join("o", "p.owner_id")} WHERE p.id = @Id AND p.event_id = @EventId",
            new { Id = proposalId, EventId = eventId })?.ToProposal();

    /// <summary>The ids of the proposals a person owns.</summary>
    public static IReadOnlyList<long> Owned(IStoreReader sql, long ownerId) =>
        sql.Query<long>("SELECT id FROM proposals WHERE owner_id = @OwnerId ORDER BY id", new { OwnerId = ownerId }).ToList();

    public static string? Title(IStoreReader sql, long proposalId) =>
        sql.ExecuteScalar<string?>("SELECT title FROM proposals WHERE id = @Id", new { Id = proposalId });

    /// <summary>A person's own upvotes and memberships, in one statement (it runs after every upvote and join).</summary>
    public static (IReadOnlyList<long> Upvoted, IReadOnlyList<Membership> Memberships) Mine(IStoreReader sql, long personId)
    {
        var rows = sql.Query<MineRow>(
            """
            SELECT 'upvote' AS Kind, proposal_id AS Id, NULL AS Intent, NULL AS Note, 0 AS ShareContact, 0 AS SharePartners FROM proposal_votes WHERE person_id = @PersonId
            UNION ALL
            SELECT 'member', proposal_id, intent, note, share_contact, share_partners FROM proposal_members WHERE person_id = @PersonId
            ORDER BY 1, 2
            """,
            new { PersonId = personId }).ToList();
        return (
            rows.Where(row => row.Kind == "upvote").Select(row => row.Id).ToList(),
            rows.Where(row => row.Kind == "member").Select(row => new Membership(row.Id, row.Intent!, row.Note!, row.ShareContact == 1, row.SharePartners == 1)).ToList());
    }

    public static long? FindByRequest(IStoreReader sql, long ownerId, string requestId) =>
        sql.QuerySingleOrDefault<long?>(
            "SELECT id FROM proposals WHERE owner_id = @OwnerId AND request_id = @RequestId",
            new { OwnerId = ownerId, RequestId = requestId });

    public static long Insert(WriteContext context, long ownerId, CheckedProposal proposal) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO proposals (event_id, owner_id, title, summary, partners_sought, countries, themes, tags,
                                   agenda_item_id, request_id, created_at, updated_at)
            VALUES (@EventId, @OwnerId, @Title, @Summary, @PartnersSought, @Countries, @Themes, @Tags,
                    @AgendaItemId, @RequestId, @Now, @Now)
            RETURNING id
            """,
            new
            {
                context.EventId,
                OwnerId = ownerId,
                proposal.Title,
                proposal.Summary,
                proposal.PartnersSought,
                Countries = JsonSerializer.Serialize(proposal.Countries),
                Themes = JsonSerializer.Serialize(proposal.Themes),
                Tags = JsonSerializer.Serialize(proposal.Tags),
                proposal.AgendaItemId,
                proposal.RequestId,
                Now = context.NowMs,
            });

    public static void Update(WriteContext context, long proposalId, CheckedProposal proposal) =>
        context.Execute(
            """
            UPDATE proposals
            SET title = @Title, summary = @Summary, partners_sought = @PartnersSought, countries = @Countries,
                themes = @Themes, tags = @Tags, agenda_item_id = @AgendaItemId, updated_at = @Now
            WHERE id = @Id
            """,
            new
            {
                Id = proposalId,
                proposal.Title,
                proposal.Summary,
                proposal.PartnersSought,
                Countries = JsonSerializer.Serialize(proposal.Countries),
                Themes = JsonSerializer.Serialize(proposal.Themes),
                Tags = JsonSerializer.Serialize(proposal.Tags),
                proposal.AgendaItemId,
                Now = context.NowMs,
            });

    /// <summary>Holds a proposal out of the room, with why (a fresh hold is not rejected), or lets it in (null).</summary>
    public static void SetHeld(WriteContext context, long proposalId, string? reason) =>
        context.Execute("UPDATE proposals SET held_reason = @Reason, rejected = 0 WHERE id = @Id", new { Id = proposalId, Reason = reason });

    /// <summary>The facilitator's no to a held proposal: it stays out of the room.</summary>
    public static void Reject(WriteContext context, long proposalId) =>
        context.Execute("UPDATE proposals SET rejected = 1 WHERE id = @Id", new { Id = proposalId });

    public static void SetStatus(WriteContext context, long proposalId, string status) =>
        context.Execute("UPDATE proposals SET status = @Status, updated_at = @Now WHERE id = @Id",
            new { Id = proposalId, Status = status, Now = context.NowMs });

    /// <summary>What the checks of an upvote or a join need to know of a proposal.</summary>
    public static ProposalState? State(IStoreReader sql, long eventId, long proposalId) =>
        sql.QuerySingleOrDefault<ProposalState>(
            "SELECT id AS Id, owner_id AS OwnerId, status AS Status, title AS Title, held_reason AS HeldReason FROM proposals WHERE id = @Id AND event_id = @EventId",
            new { Id = proposalId, EventId = eventId });

    /// <summary>Adds the person's upvote and answers the new counts; null if the upvote was there already.</summary>
    public static ProposalCounts? AddVote(WriteContext context, long proposalId, long personId) =>
        context.Execute(
            "INSERT INTO proposal_votes (proposal_id, person_id, created_at) VALUES (@Id, @PersonId, @Now) ON CONFLICT DO NOTHING",
            new { Id = proposalId, PersonId = personId, Now = context.NowMs }) == 1
            ? Count(context, proposalId, "upvotes = upvotes + 1")
            : null;

    /// <summary>Takes the person's upvote back and answers the new counts; null if there was none.</summary>
    public static ProposalCounts? RemoveVote(WriteContext context, long proposalId, long personId) =>
        context.Execute(
            "DELETE FROM proposal_votes WHERE proposal_id = @Id AND person_id = @PersonId",
            new { Id = proposalId, PersonId = personId }) == 1
            ? Count(context, proposalId, "upvotes = upvotes - 1")
            : null;

    private static ProposalCounts Count(WriteContext context, long proposalId, string change) =>
        context.QuerySingleOrDefault<ProposalCounts>(
            $"UPDATE proposals SET {change} WHERE id = @Id RETURNING id AS Id, upvotes AS Upvotes, members AS Members",
            new { Id = proposalId })!;

    public static MemberRow? FindMember(IStoreReader sql, long proposalId, long personId) =>
        sql.QuerySingleOrDefault<MemberRow>(
            $"{MemberSelect} WHERE m.proposal_id = @Id AND m.person_id = @PersonId",
            new { Id = proposalId, PersonId = personId });

    public static ProposalCounts InsertMember(WriteContext context, long proposalId, long personId, CheckedMembership membership, string? email,
        string? partnersEmail)
    {
        context.Execute(
            """
            INSERT INTO proposal_members (proposal_id, person_id, intent, note, share_contact, contact_email, share_partners, partners_email, joined_at, updated_at)
            VALUES (@Id, @PersonId, @Intent, @Note, @ShareContact, @Email, @SharePartners, @PartnersEmail, @Now, @Now)
            """,
            new
            {
                Id = proposalId, PersonId = personId, membership.Intent, membership.Note, ShareContact = membership.ShareContact ? 1L : 0L, Email = email,
                SharePartners = membership.SharePartners ? 1L : 0L, PartnersEmail = partnersEmail, Now = context.NowMs,
            });
        return Count(context, proposalId, "members = members + 1");
    }

    public static void UpdateMember(WriteContext context, long proposalId, long personId, CheckedMembership membership, string? email,
        string? partnersEmail) =>
        context.Execute(
            """
            UPDATE proposal_members SET intent = @Intent, note = @Note, share_contact = @ShareContact, contact_email = @Email,
                share_partners = @SharePartners, partners_email = @PartnersEmail, updated_at = @Now
            WHERE proposal_id = @Id AND person_id = @PersonId
            """,
            new
            {
                Id = proposalId, PersonId = personId, membership.Intent, membership.Note, ShareContact = membership.ShareContact ? 1L : 0L, Email = email,
                SharePartners = membership.SharePartners ? 1L : 0L, PartnersEmail = partnersEmail, Now = context.NowMs,
            });

    public static ProposalCounts? RemoveMember(WriteContext context, long proposalId, long personId) =>
        context.Execute(
            "DELETE FROM proposal_members WHERE proposal_id = @Id AND person_id = @PersonId",
            new { Id = proposalId, PersonId = personId }) == 1
            ? Count(context, proposalId, "members = members - 1")
            : null;

    /// <summary>The members of the proposals <paramref name="ownerId"/> owns, or of every proposal when null.</summary>
    public static IReadOnlyList<Member> Members(IStoreReader sql, long eventId, long? ownerId, long? proposalId = null) =>
        sql.Query<MemberRow>(
            $"""
            {MemberSelect}
            JOIN proposals p ON p.id = m.proposal_id
            WHERE p.event_id = @EventId AND (@OwnerId IS NULL OR p.owner_id = @OwnerId) AND (@ProposalId IS NULL OR p.id = @ProposalId)
            ORDER BY m.proposal_id, m.joined_at, m.person_id
            """,
            new { EventId = eventId, OwnerId = ownerId, ProposalId = proposalId }).Select(row => row.ToMember(true)).ToList();

    private static readonly string MemberSelect = $"""
        SELECT m.proposal_id AS ProposalId, m.person_id AS PersonId, x.name AS Name, x.organisation AS Organisation,
               x.country AS Country, m.intent AS Intent, m.note AS Note, m.share_contact AS ShareContact,
               m.contact_email AS Email, m.joined_at AS JoinedAt, m.share_partners AS SharePartners, m.partners_email AS PartnersEmail
        FROM proposal_members m {ShownNames.Join("x", "m.person_id")}
        """;

    public sealed record MemberRow(
        long ProposalId, long PersonId, string? Name, string? Organisation, string? Country, string Intent, string Note,
        long ShareContact, string? Email, long JoinedAt, long SharePartners, string? PartnersEmail)
    {
        public bool Shares => ShareContact == 1;

        public Member ToMember(bool active) => new(
            ProposalId, PersonId, Name ?? "", Organisation ?? "", Country ?? "", Intent, Note, Shares, Shares ? Email : null,
            DateTimeOffset.FromUnixTimeMilliseconds(JoinedAt), active);
    }

    private sealed class MineRow
    {
        public string Kind { get; init; } = "";

        public long Id { get; init; }

        public string? Intent { get; init; }

        public string? Note { get; init; }

        public long ShareContact { get; init; }

        public long SharePartners { get; init; }
    }

    private sealed record Row(
        long Id, long OwnerId, string? OwnerName, string? OwnerOrganisation, string Title, string Summary,
        string PartnersSought, string Countries, string Themes, string Tags, long? AgendaItemId, string Status,
        long Upvotes, long Members, long CreatedAt, long UpdatedAt, string? HeldReason, long Rejected)
    {
        /// <summary>The facilitator's view: a held proposal waiting, with why.</summary>
        public Proposal ToProposal() => new(
            Id, OwnerId, OwnerName ?? "", OwnerOrganisation ?? "", Title, Summary, PartnersSought, List(Countries), List(Themes),
            List(Tags), AgendaItemId, Status, Upvotes, Members, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt), HeldReason is not null, HeldReason, HeldReason is not null && Rejected == 1);

        private static IReadOnlyList<string> List(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
    }
}
