using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Practices;

/// <summary>The SQL of the practice wall.</summary>
public static class PracticeStore
{
    private static readonly string Select =
        $"""
        SELECT p.id AS Id, p.person_id AS PersonId, p.title AS Title, p.text AS Text, a.name AS AuthorName,
               a.organisation AS AuthorOrganisation, p.hidden AS Hidden, p.created_at AS CreatedAt,
               p.held_reason AS HeldReason
        FROM practices p {ShownNames.Join("a", "p.person_id")}
        """;

    /// <summary>The wall as one person sees it: hidden practices only for the facilitator, and one's own held by the filter as waiting.</summary>
    public static IReadOnlyList<Practice> Visible(IStoreReader sql, long eventId, bool staff, long personId = 0) =>
        sql.Query<Row>(
                $"{Select} WHERE p.event_id = @EventId AND (@Staff OR p.hidden = 0 OR (p.person_id = @PersonId AND p.held_reason IS NOT NULL)) ORDER BY p.id",
                new { EventId = eventId, Staff = staff, PersonId = personId })
            .Select(row => staff ? row.View() : row.View() with { HeldFor = null })
            .ToList();

    /// <summary>Every practice a person shared in the event.</summary>
    public static IReadOnlyList<Row> SharedBy(IStoreReader sql, long eventId, long personId) =>
        sql.Query<Row>($"{Select} WHERE p.event_id = @EventId AND p.person_id = @PersonId ORDER BY p.id", new { EventId = eventId, PersonId = personId }).ToList();

    public static Row? Find(IStoreReader sql, long eventId, long practiceId) =>
        sql.QuerySingleOrDefault<Row>($"{Select} WHERE p.event_id = @EventId AND p.id = @Id", new { EventId = eventId, Id = practiceId });

    public static string? Title(IStoreReader sql, long practiceId) =>
        sql.ExecuteScalar<string?>("SELECT title FROM practices WHERE id = @Id", new { Id = practiceId });

    public static long? FindByRequest(IStoreReader sql, long personId, string requestId) =>
        sql.QuerySingleOrDefault<long?>(
            "SELECT id FROM practices WHERE person_id = @PersonId AND request_id = @RequestId",
            new { PersonId = personId, RequestId = requestId });

    public static long Insert(WriteContext context, long personId, CheckedPractice practice) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO practices (event_id, person_id, title, text, request_id, created_at)
            VALUES (@EventId, @PersonId, @Title, @Text, @RequestId, @Now)
            RETURNING id
            """,
            new { context.EventId, PersonId = personId, practice.Title, practice.Text, practice.RequestId, Now = context.NowMs });

    /// <summary>Hides a practice the content filter held, with why.</summary>
    public static void Hold(WriteContext context, long practiceId, string reason) =>
        context.Execute("UPDATE practices SET hidden = 1, held_reason = @Reason WHERE id = @Id", new { Id = practiceId, Reason = reason });

    public static void SetHidden(WriteContext context, long practiceId, bool hidden) =>
        context.Execute("UPDATE practices SET hidden = @Hidden WHERE id = @Id", new { Id = practiceId, Hidden = hidden ? 1 : 0 });

    public sealed class Row
    {
        public long Id { get; init; }

        public long PersonId { get; init; }

        public string Title { get; init; } = "";

        public string Text { get; init; } = "";

        public string? AuthorName { get; init; }

        public string? AuthorOrganisation { get; init; }

        public bool Hidden { get; init; }

        public long CreatedAt { get; init; }

        public string? HeldReason { get; init; }

        public Practice View() =>
            new(Id, Title, Text, AuthorName ?? "", AuthorOrganisation ?? "", Hidden, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), Hidden ? HeldReason : null);
    }
}
