using StakeholderHub.Data;

namespace StakeholderHub.Privacy;

/// <summary>The SQL of an event's retention and purge (docs/privacy.md, "Retention and purge").</summary>
public static class RetentionStore
{
    /// <summary>The default retention: personal data goes 90 days after the event closes.</summary>
    public const int DefaultDays = 90;

    public const int MaxDays = 3650;

    private const long DayMs = 24L * 60 * 60 * 1000;

    public sealed record Row(long Id, long RetentionDays, string? Controller, long? ClosedAt, long? EndsAt, long? PurgedAt)
    {
        /// <summary>When the event's personal data is due to go: its retention after it closed (else after its planned end).</summary>
        public long? DueAt => (ClosedAt ?? EndsAt) is { } closed ? closed + RetentionDays * DayMs : null;

        public PrivacySettings View() => new((int)RetentionDays, Controller, Time(ClosedAt ?? EndsAt), Time(DueAt), Time(PurgedAt));

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    public static Row Settings(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<Row>(
            """
            SELECT id AS Id, retention_days AS RetentionDays, privacy_controller AS Controller, closed_at AS ClosedAt, ends_at AS EndsAt,
                   purged_at AS PurgedAt
            FROM events WHERE id = @EventId
            """,
            new { EventId = eventId }) ?? throw new InvalidOperationException($"Event {eventId} does not exist.");

    public sealed record NoticeRow(string? Controller, long RetentionDays);

    public static NoticeRow? NoticeByCode(IStoreReader sql, string code) =>
        sql.QuerySingleOrDefault<NoticeRow>(
            "SELECT privacy_controller AS Controller, retention_days AS RetentionDays FROM events WHERE join_code = @Code", new { Code = code });

    /// <summary>The events whose retention ended by <paramref name="nowMs"/> and that are not purged yet.</summary>
    public static IReadOnlyList<long> Due(IStoreReader sql, long nowMs) =>
        sql.Query<long>(
            """
            SELECT id FROM events
            WHERE purged_at IS NULL AND COALESCE(closed_at, ends_at) IS NOT NULL
              AND COALESCE(closed_at, ends_at) + retention_days * @DayMs <= @Now
            ORDER BY id
            """,
            new { DayMs, Now = nowMs }).ToList();

    public static void Set(WriteContext context, int days, string? controller) =>
        context.Execute("UPDATE events SET retention_days = @Days, privacy_controller = @Controller WHERE id = @EventId",
            new { context.EventId, Days = (long)days, Controller = controller });

    /// <summary>Every participant and stakeholder of the event not erased yet.</summary>
    public static IReadOnlyList<long> PeopleToErase(WriteContext context) =>
        context.Query<long>(
            "SELECT id FROM people WHERE event_id = @EventId AND role IN ('participant', 'stakeholder') AND erased_at IS NULL ORDER BY id",
            new { context.EventId }).ToList();

    /// <summary>The personal texts that no one person's erase removes, to scrub from the stored changes.</summary>
    public static IReadOnlyList<string> RemainingTexts(WriteContext context) =>
        context.Query<string>(
            """
            SELECT w.text FROM poll_words w JOIN polls p ON p.id = w.poll_id WHERE p.event_id = @EventId
            UNION SELECT w.word_key FROM poll_words w JOIN polls p ON p.id = w.poll_id WHERE p.event_id = @EventId
            UNION SELECT speaker FROM pitches WHERE event_id = @EventId
            UNION SELECT summary FROM proposals WHERE event_id = @EventId
            UNION SELECT partners_sought FROM proposals WHERE event_id = @EventId
            """,
            new { context.EventId }).Where(text => text.Length > 0).ToList();

    /// <summary>The event's word clouds that have words.</summary>
    public static IReadOnlyList<long> CloudsWithWords(WriteContext context) =>
        context.Query<long>(
            "SELECT DISTINCT p.id FROM polls p JOIN poll_words w ON w.poll_id = p.id WHERE p.event_id = @EventId ORDER BY p.id",
            new { context.EventId }).ToList();

    /// <summary>
    /// Removes the event's personal texts that belong to no one person: the words given to clouds (and the list of
    /// hidden ones), the pitches' speaker names, the proposals' summaries and partners sought. Answers the
    /// proposals it changed.
    /// </summary>
    public static IReadOnlyList<long> PurgeTexts(WriteContext context)
    {
        context.Execute("DELETE FROM poll_hidden_words WHERE poll_id IN (SELECT id FROM polls WHERE event_id = @EventId)", new { context.EventId });
        context.Execute("DELETE FROM poll_words WHERE poll_id IN (SELECT id FROM polls WHERE event_id = @EventId)", new { context.EventId });
        context.Execute("UPDATE pitches SET speaker = '' WHERE event_id = @EventId AND speaker <> ''", new { context.EventId });
        var proposals = context.Query<long>(
            "SELECT id FROM proposals WHERE event_id = @EventId AND (summary <> '' OR partners_sought <> '') ORDER BY id",
            new { context.EventId }).ToList();
        context.Execute("UPDATE proposals SET summary = '', partners_sought = '' WHERE event_id = @EventId", new { context.EventId });
        return proposals;
    }

    public static void MarkPurged(WriteContext context) =>
        context.Execute("UPDATE events SET purged_at = @Now WHERE id = @EventId", new { context.EventId, Now = context.NowMs });

    /// <summary>The tables a purge rewrites, for <see cref="Dialect.Compact"/>.</summary>
    public static readonly IReadOnlyList<string> Touched = [.. PrivacyStore.Touched, "poll_hidden_words", "pitches", "proposals", "events"];
}
