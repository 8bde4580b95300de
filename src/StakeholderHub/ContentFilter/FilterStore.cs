using StakeholderHub.Data;

namespace StakeholderHub.ContentFilter;

/// <summary>The SQL of the facilitator's own filter words for an event.</summary>
public static class FilterStore
{
    public static IReadOnlyList<string> Words(IStoreReader sql, long eventId) =>
        sql.Query<string>("SELECT word FROM filter_words WHERE event_id = @EventId ORDER BY word", new { EventId = eventId }).ToList();

    public static bool Add(WriteContext context, string word) =>
        context.Execute(
            "INSERT INTO filter_words (event_id, word, created_at) VALUES (@EventId, @Word, @Now) ON CONFLICT DO NOTHING",
            new { context.EventId, Word = word, Now = context.NowMs }) > 0;

    public static bool Remove(WriteContext context, string word) =>
        context.Execute("DELETE FROM filter_words WHERE event_id = @EventId AND word = @Word", new { context.EventId, Word = word }) > 0;
}
