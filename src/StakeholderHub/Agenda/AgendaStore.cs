using Dapper;
using StakeholderHub.Data;

namespace StakeholderHub.Agenda;

/// <summary>The agenda's SQL.</summary>
public static class AgendaStore
{
    private const string Columns = """
        id AS Id, position AS Position, title AS Title, presenter AS Presenter, organisation AS Organisation,
        kind AS Kind, planned_minutes AS PlannedMinutes, stakeholder_id AS StakeholderId, status AS Status, started_at AS StartedAt,
        ends_at AS EndsAt, ended_at AS EndedAt
        """;

    public static EventAgenda Load(IStoreReader sql, long eventId)
    {
        var rows = sql.Query<ItemRow>(
            $"SELECT {Columns} FROM agenda_items WHERE event_id = @EventId ORDER BY position, id",
            new { EventId = eventId });
        var pitches = PitchStore.All(sql, eventId).ToLookup(pitch => pitch.AgendaItemId);
        var items = rows.Select((row, index) => row.ToItem(index + 1, pitches[row.Id].ToList())).ToList();
        var schedule = sql.QuerySingleOrDefault<(long? StartsAt, long? EndsAt)>(
            "SELECT starts_at, ends_at FROM events WHERE id = @EventId", new { EventId = eventId });
        return new EventAgenda(
            items,
            items.FirstOrDefault(i => i.Status == "current")?.Id,
            items.SelectMany(i => i.Pitches).FirstOrDefault(p => p.Status == "current")?.Id,
            Time(schedule.StartsAt),
            Time(schedule.EndsAt));
    }

    public static void SetSchedule(WriteContext context, DateTimeOffset? startsAt, DateTimeOffset? endsAt) =>
        context.Execute("UPDATE events SET starts_at = @StartsAt, ends_at = @EndsAt WHERE id = @EventId",
            new { context.EventId, StartsAt = startsAt?.ToUnixTimeMilliseconds(), EndsAt = endsAt?.ToUnixTimeMilliseconds() });

    /// <summary>Moves the current item's end by <paramref name="minutes"/> (a pitch of it was extended).</summary>
    public static void ExtendCurrent(WriteContext context, int minutes) =>
        context.Execute(
            "UPDATE agenda_items SET ends_at = ends_at + @Milliseconds WHERE event_id = @EventId AND status = 'current'",
            new { context.EventId, Milliseconds = minutes * 60_000L });

    /// <summary>Removes every item that has not started, with its pitches (an imported agenda replaces them).</summary>
    public static void DeletePlanned(WriteContext context)
    {
        context.Execute(
            "DELETE FROM pitches WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE event_id = @EventId AND status = 'planned')",
            new { context.EventId });
        context.Execute("DELETE FROM agenda_items WHERE event_id = @EventId AND status = 'planned'", new { context.EventId });
    }

    /// <summary>How many proposals, questions and polls refer to items that have not started (an import would remove them).</summary>
    public static long PlannedReferences(IStoreReader sql, long eventId) =>
        sql.ExecuteScalar<long>(
            """
            SELECT (SELECT COUNT(*) FROM proposals WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE event_id = @EventId AND status = 'planned'))
                 + (SELECT COUNT(*) FROM questions WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE event_id = @EventId AND status = 'planned'))
                 + (SELECT COUNT(*) FROM polls WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE event_id = @EventId AND status = 'planned'))
            """,
            new { EventId = eventId });

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    public static long Insert(WriteContext context, AgendaItemInput item) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO agenda_items (event_id, position, title, presenter, organisation, kind, planned_minutes, stakeholder_id)
            VALUES (@EventId, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE event_id = @EventId),
                    @Title, @Presenter, @Organisation, @Kind, @PlannedMinutes, @StakeholderId)
            RETURNING id
            """,
            new { context.EventId, item.Title, item.Presenter, item.Organisation, item.Kind, item.PlannedMinutes, item.StakeholderId });

    public static ItemState? Find(IStoreReader sql, long eventId, long itemId) =>
        sql.QuerySingleOrDefault<ItemState>(
            "SELECT id AS Id, status AS Status, position AS Position FROM agenda_items WHERE id = @ItemId AND event_id = @EventId",
            new { ItemId = itemId, EventId = eventId });

    public static ItemState? Current(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<ItemState>(
            "SELECT id AS Id, status AS Status, position AS Position FROM agenda_items WHERE event_id = @EventId AND status = 'current'",
            new { EventId = eventId });

    /// <summary>The first planned item after <paramref name="afterPosition"/> in running order.</summary>
    public static long? NextPlanned(IStoreReader sql, long eventId, long afterPosition) =>
        sql.QuerySingleOrDefault<long?>(
            """
            SELECT id FROM agenda_items
            WHERE event_id = @EventId AND status = 'planned' AND position > @AfterPosition
            ORDER BY position, id LIMIT 1
            """,
            new { EventId = eventId, AfterPosition = afterPosition });

    public static void Update(WriteContext context, long itemId, AgendaItemInput item) =>
        context.Execute(
            """
            UPDATE agenda_items
            SET title = @Title, presenter = @Presenter, organisation = @Organisation, kind = @Kind, planned_minutes = @PlannedMinutes,
                stakeholder_id = @StakeholderId
            WHERE id = @ItemId AND event_id = @EventId
            """,
            new { ItemId = itemId, context.EventId, item.Title, item.Presenter, item.Organisation, item.Kind, item.PlannedMinutes, item.StakeholderId });

    public static void Delete(WriteContext context, long itemId)
    {
        context.Execute("DELETE FROM pitches WHERE agenda_item_id = @ItemId AND event_id = @EventId", new { ItemId = itemId, context.EventId });
        context.Execute("DELETE FROM agenda_items WHERE id = @ItemId AND event_id = @EventId", new { ItemId = itemId, context.EventId });
    }

    /// <summary>How many proposals and questions refer to the item.</summary>
    public static long References(IStoreReader sql, long itemId) =>
        sql.ExecuteScalar<long>(
            "SELECT (SELECT COUNT(*) FROM proposals WHERE agenda_item_id = @Id) + (SELECT COUNT(*) FROM questions WHERE agenda_item_id = @Id)"
            + " + (SELECT COUNT(*) FROM polls WHERE agenda_item_id = @Id)",
            new { Id = itemId });

    public static IReadOnlyList<long> Ids(IStoreReader sql, long eventId) =>
        sql.Query<long>("SELECT id FROM agenda_items WHERE event_id = @EventId ORDER BY position, id", new { EventId = eventId }).ToList();

    public static void SetPosition(WriteContext context, long itemId, int position) =>
        context.Execute("UPDATE agenda_items SET position = @Position WHERE id = @ItemId", new { ItemId = itemId, Position = position });

    /// <summary>Marks the current item, if any, as done at <c>now</c>.</summary>
    public static void FinishCurrent(WriteContext context) =>
        context.Execute(
            "UPDATE agenda_items SET status = 'done', ended_at = @Now WHERE event_id = @EventId AND status = 'current'",
            new { context.EventId, Now = context.NowMs });

    public static void Start(WriteContext context, long itemId) =>
        context.Execute(
            """
            UPDATE agenda_items
            SET status = 'current', started_at = @Now, ends_at = @Now + planned_minutes * 60000, ended_at = NULL
            WHERE id = @ItemId
            """,
            new { ItemId = itemId, Now = context.NowMs });

    public static void Extend(WriteContext context, long itemId, int minutes) =>
        context.Execute(
            "UPDATE agenda_items SET ends_at = ends_at + @Milliseconds WHERE id = @ItemId",
            new { ItemId = itemId, Milliseconds = minutes * 60_000L });

    public sealed record ItemState(long Id, string Status, long Position);

    private sealed record ItemRow(
        long Id, long Position, string Title, string Presenter, string Organisation, string Kind, long PlannedMinutes,
        long? StakeholderId, string Status, long? StartedAt, long? EndsAt, long? EndedAt)
    {
        public AgendaItem ToItem(int position, IReadOnlyList<Pitch> pitches) => new(
            Id, position, Title, Presenter, Organisation, Kind, (int)PlannedMinutes, StakeholderId, Status,
            Time(StartedAt), Time(EndsAt), Time(EndedAt), pitches);

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }
}
