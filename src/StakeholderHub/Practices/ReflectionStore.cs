using StakeholderHub.Data;

namespace StakeholderHub.Practices;

/// <summary>The SQL of reflections and of the event's closed state.</summary>
public static class ReflectionStore
{
    public static Reflection? Find(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<Row>(
                "SELECT take_home AS TakeHome, contribute AS Contribute, updated_at AS UpdatedAt FROM reflections WHERE person_id = @PersonId",
                new { PersonId = personId })
            ?.View();

    public static void Save(WriteContext context, long personId, ReflectionInput reflection) =>
        context.Execute(
            """
            INSERT INTO reflections (person_id, event_id, take_home, contribute, created_at, updated_at)
            VALUES (@PersonId, @EventId, @TakeHome, @Contribute, @Now, @Now)
            ON CONFLICT (person_id) DO UPDATE SET take_home = excluded.take_home, contribute = excluded.contribute,
                updated_at = excluded.updated_at
            """,
            new { PersonId = personId, context.EventId, reflection.TakeHome, reflection.Contribute, Now = context.NowMs });

    public static EventStatus Status(IStoreReader sql, long eventId) =>
        sql.ExecuteScalar<long?>("SELECT closed_at FROM events WHERE id = @EventId", new { EventId = eventId }) is { } closedAt
            ? new EventStatus(true, DateTimeOffset.FromUnixTimeMilliseconds(closedAt))
            : new EventStatus(false, null);

    public static void SetClosed(WriteContext context, bool closed) =>
        context.Execute("UPDATE events SET closed_at = @ClosedAt WHERE id = @EventId",
            new { context.EventId, ClosedAt = closed ? context.NowMs : (long?)null });

    private sealed class Row
    {
        public string TakeHome { get; init; } = "";

        public string Contribute { get; init; } = "";

        public long UpdatedAt { get; init; }

        public Reflection View() => new(TakeHome, Contribute, DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }
}
