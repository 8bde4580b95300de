using StakeholderHub.Data;

namespace StakeholderHub.Practices;

/// <summary>The SQL of the practice wall.</summary>
public static class PracticeStore
{
    private const string Select =
        """
        SELECT p.id AS Id, p.person_id AS PersonId, p.title AS Title, p.text AS Text, a.name AS AuthorName,
               a.organisation AS AuthorOrganisation, p.hidden AS Hidden, p.created_at AS CreatedAt
        FROM practices p JOIN people a ON a.id = p.person_id
        """;

    /// <summary>The wall as one person sees it: hidden practices only for the facilitator.</summary>
    public static IReadOnlyList<Practice> Visible(IStoreReader sql, long eventId, bool staff) =>
        sql.Query<Row>($"{Select} WHERE p.event_id = @EventId AND (@Staff OR p.hidden = 0) ORDER BY p.id",
                new { EventId = eventId, Staff = staff })
            .Select(row => row.View())
            .ToList();

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

    public static void SetHidden(WriteContext context, long practiceId, bool hidden) =>
        context.Execute("UPDATE practices SET hidden = @Hidden WHERE id = @Id", new { Id = practiceId, Hidden = hidden ? 1 : 0 });

    public sealed class Row
    {
        public long Id { get; init; }

        public long PersonId { get; init; }

        public string Title { get; init; } = "";

        public string Text { get; init; } = "";

        public string AuthorName { get; init; } = "";

        public string AuthorOrganisation { get; init; } = "";

        public bool Hidden { get; init; }

        public long CreatedAt { get; init; }

        public Practice View() =>
            new(Id, Title, Text, AuthorName, AuthorOrganisation, Hidden, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
