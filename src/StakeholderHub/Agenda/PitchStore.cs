using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Agenda;

/// <summary>The SQL of the pitches inside agenda items, and of the projector's mode.</summary>
public static class PitchStore
{
    /// <summary>
    /// Every pitch of the event in running order. A proposal's pitch shows the proposal's title, and its owner as the
    /// speaker unless another one was named; a proposal the content filter holds lends no title (the pitch keeps its own).
    /// </summary>
    public static IReadOnlyList<Pitch> All(IStoreReader sql, long eventId) =>
        sql.Query<Row>(
            $"""
            SELECT p.id AS Id, p.agenda_item_id AS AgendaItemId, p.position AS Position, COALESCE(CASE WHEN pr.held_reason IS NULL THEN pr.title END, p.title) AS Title,
                   p.proposal_id AS ProposalId, COALESCE(p.speaker_id, pr.owner_id) AS SpeakerId,
                   COALESCE(NULLIF(p.speaker, ''), s.name, o.name, '') AS Speaker, p.planned_minutes AS PlannedMinutes,
                   p.status AS Status, p.started_at AS StartedAt, p.ends_at AS EndsAt, p.ended_at AS EndedAt
            FROM pitches p
            LEFT JOIN proposals pr ON pr.id = p.proposal_id
            {ShownNames.Join("s", "p.speaker_id")}
            {ShownNames.Join("o", "pr.owner_id")}
            WHERE p.event_id = @EventId
            ORDER BY p.agenda_item_id, p.position, p.id
            """,
            new { EventId = eventId })
            .GroupBy(row => row.AgendaItemId)
            .SelectMany(item => item.Select((row, index) => row.ToPitch(index + 1)))
            .ToList();

    public static long Insert(WriteContext context, long itemId, PitchInput pitch) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO pitches (event_id, agenda_item_id, position, title, proposal_id, speaker_id, speaker, planned_minutes)
            VALUES (@EventId, @ItemId, (SELECT COALESCE(MAX(position), 0) + 1 FROM pitches WHERE agenda_item_id = @ItemId),
                    @Title, @ProposalId, @SpeakerId, @Speaker, @PlannedMinutes)
            RETURNING id
            """,
            new { context.EventId, ItemId = itemId, pitch.Title, pitch.ProposalId, pitch.SpeakerId, pitch.Speaker, pitch.PlannedMinutes });

    public static void Update(WriteContext context, long pitchId, PitchInput pitch) =>
        context.Execute(
            """
            UPDATE pitches SET title = @Title, proposal_id = @ProposalId, speaker_id = @SpeakerId, speaker = @Speaker,
                               planned_minutes = @PlannedMinutes
            WHERE id = @Id AND event_id = @EventId
            """,
            new { Id = pitchId, context.EventId, pitch.Title, pitch.ProposalId, pitch.SpeakerId, pitch.Speaker, pitch.PlannedMinutes });

    public static void Delete(WriteContext context, long pitchId) =>
        context.Execute("DELETE FROM pitches WHERE id = @Id AND event_id = @EventId", new { Id = pitchId, context.EventId });

    public static PitchState? Find(IStoreReader sql, long eventId, long pitchId) =>
        sql.QuerySingleOrDefault<PitchState>(
            "SELECT id AS Id, agenda_item_id AS AgendaItemId, status AS Status, position AS Position, proposal_id AS ProposalId FROM pitches WHERE id = @Id AND event_id = @EventId",
            new { Id = pitchId, EventId = eventId });

    public static PitchState? Current(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<PitchState>(
            "SELECT id AS Id, agenda_item_id AS AgendaItemId, status AS Status, position AS Position, proposal_id AS ProposalId FROM pitches WHERE event_id = @EventId AND status = 'current'",
            new { EventId = eventId });

    /// <summary>The first planned pitch of the item after <paramref name="afterPosition"/>.</summary>
    public static long? NextPlanned(IStoreReader sql, long itemId, long afterPosition) =>
        sql.QuerySingleOrDefault<long?>(
            "SELECT id FROM pitches WHERE agenda_item_id = @ItemId AND status = 'planned' AND position > @AfterPosition ORDER BY position, id LIMIT 1",
            new { ItemId = itemId, AfterPosition = afterPosition });

    public static IReadOnlyList<long> Ids(IStoreReader sql, long itemId) =>
        sql.Query<long>("SELECT id FROM pitches WHERE agenda_item_id = @ItemId ORDER BY position, id", new { ItemId = itemId }).ToList();

    public static void SetPosition(WriteContext context, long pitchId, int position) =>
        context.Execute("UPDATE pitches SET position = @Position WHERE id = @Id", new { Id = pitchId, Position = position });

    public static void FinishCurrent(WriteContext context) =>
        context.Execute(
            "UPDATE pitches SET status = 'done', ended_at = @Now WHERE event_id = @EventId AND status = 'current'",
            new { context.EventId, Now = context.NowMs });

    public static void Start(WriteContext context, long pitchId) =>
        context.Execute(
            "UPDATE pitches SET status = 'current', started_at = @Now, ends_at = @Now + planned_minutes * 60000, ended_at = NULL WHERE id = @Id",
            new { Id = pitchId, Now = context.NowMs });

    public static void Extend(WriteContext context, long pitchId, int minutes) =>
        context.Execute("UPDATE pitches SET ends_at = ends_at + @Milliseconds WHERE id = @Id", new { Id = pitchId, Milliseconds = minutes * 60_000L });

    public static Projector Projector(IStoreReader sql, long eventId)
    {
        var row = sql.QuerySingleOrDefault<(string Mode, string Qr, long Pinned)>(
            "SELECT projector_mode, projector_qr, screen_pinned FROM events WHERE id = @EventId", new { EventId = eventId });
        return new Projector(row.Mode ?? "auto", row.Qr ?? "shown", row.Pinned == 1);
    }

    public static void SetProjector(WriteContext context, string mode, string qr, bool pinned) =>
        context.Execute(
            "UPDATE events SET projector_mode = @Mode, projector_qr = @Qr, screen_pinned = @Pinned WHERE id = @EventId",
            new { context.EventId, Mode = mode, Qr = qr, Pinned = pinned ? 1L : 0L });

    public sealed record PitchState(long Id, long AgendaItemId, string Status, long Position, long? ProposalId);

    private sealed class Row
    {
        public long Id { get; init; }

        public long AgendaItemId { get; init; }

        public long Position { get; init; }

        public string Title { get; init; } = "";

        public long? ProposalId { get; init; }

        public long? SpeakerId { get; init; }

        public string Speaker { get; init; } = "";

        public long PlannedMinutes { get; init; }

        public string Status { get; init; } = "";

        public long? StartedAt { get; init; }

        public long? EndsAt { get; init; }

        public long? EndedAt { get; init; }

        public Pitch ToPitch(int position) => new(
            Id, AgendaItemId, position, Title, ProposalId, SpeakerId, Speaker, (int)PlannedMinutes, Status, Time(StartedAt), Time(EndsAt), Time(EndedAt));

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }
}
