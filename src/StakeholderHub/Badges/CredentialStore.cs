using StakeholderHub.Data;

namespace StakeholderHub.Badges;

/// <summary>The SQL of issued credentials.</summary>
public static class CredentialStore
{
    private const string Select =
        """
        SELECT c.id AS Id, c.event_id AS EventId, c.person_id AS PersonId, p.name AS Name, p.organisation AS Organisation,
               c.email AS Email, c.contact_consent AS ContactConsent, c.issue AS Issue, c.credential AS Credential, c.jwt AS Jwt, c.page_url AS PageUrl,
               c.issued_by AS IssuedBy, c.issued_at AS IssuedAt, c.revoked_at AS RevokedAt, c.revocation_reason AS RevocationReason
        FROM credentials c JOIN people p ON p.id = c.person_id
        """;

    public static Row? Find(IStoreReader sql, string id) =>
        sql.QuerySingleOrDefault<Row>($"{Select} WHERE c.id = @Id", new { Id = id });

    public static Row? ForPerson(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<Row>($"{Select} WHERE c.person_id = @PersonId", new { PersonId = personId });

    public static IReadOnlyList<Row> ForEvent(IStoreReader sql, long eventId) =>
        sql.Query<Row>($"{Select} WHERE c.event_id = @EventId ORDER BY c.issued_at, c.id", new { EventId = eventId }).ToList();

    public static BadgeSummary? Summary(IStoreReader sql, long personId) =>
        ForPerson(sql, personId)?.Summary();

    public static IReadOnlyDictionary<long, BadgeSummary> Summaries(IStoreReader sql, long eventId) =>
        ForEvent(sql, eventId).ToDictionary(row => row.PersonId, row => row.Summary());

    public static void Insert(WriteContext context, Row row) =>
        context.Execute(
            """
            INSERT INTO credentials (id, event_id, person_id, email, contact_consent, issue, credential, jwt, page_url, issued_by, issued_at)
            VALUES (@Id, @EventId, @PersonId, @Email, @ContactConsent, @Issue, @Credential, @Jwt, @PageUrl, @IssuedBy, @IssuedAt)
            """,
            new
            {
                row.Id, row.EventId, row.PersonId, row.Email, ContactConsent = row.ContactConsent ? 1L : 0L, row.Issue, row.Credential,
                row.Jwt, row.PageUrl, row.IssuedBy, row.IssuedAt,
            });

    public static void Revoke(WriteContext context, string id, string reason) =>
        context.Execute(
            "UPDATE credentials SET revoked_at = @Now, revocation_reason = @Reason WHERE id = @Id AND revoked_at IS NULL",
            new { Id = id, Reason = reason, Now = context.NowMs });

    public sealed class Row
    {
        public string Id { get; init; } = "";

        public long EventId { get; init; }

        public long PersonId { get; init; }

        public string Name { get; init; } = "";

        public string Organisation { get; init; } = "";

        /// <summary>The badge address where the holder agreed to be contacted with it; otherwise its salted hash.</summary>
        public string Email { get; init; } = "";

        public bool ContactConsent { get; init; }

        /// <summary>The address as exports may show it: only with the holder's consent.</summary>
        public string? ContactEmail => ContactConsent ? Email : null;

        public string Issue { get; init; } = "";

        public string Credential { get; init; } = "";

        public string Jwt { get; init; } = "";

        public string PageUrl { get; init; } = "";

        public string IssuedBy { get; init; } = "";

        public long IssuedAt { get; init; }

        public long? RevokedAt { get; init; }

        public string? RevocationReason { get; init; }

        public bool Revoked => RevokedAt is not null;

        public DateTimeOffset IssuedOn => DateTimeOffset.FromUnixTimeMilliseconds(IssuedAt);

        public BadgeSummary Summary() => new(Id, PageUrl, IssuedOn, Revoked);
    }
}
