using StakeholderHub.Data;

namespace StakeholderHub.Organisers;

/// <summary>
/// Copies a past event into the one being made: its agenda (with the pitches), its proposals' skeletons (title,
/// summary and tags, owned by the new event's facilitator, without votes, members or questions) and its badge rule.
/// Nothing of its people comes along: no presenting stakeholders, no speakers, no partners sought.
/// </summary>
public static class EventCopy
{
    private sealed record ItemRow(long Id, string Title, string Presenter, string Organisation, string Kind, long PlannedMinutes);

    private sealed record ProposalRow(long Id, string Title, string Summary, string Tags, long? AgendaItemId);

    private sealed record PitchRow(long AgendaItemId, string Title, long? ProposalId, long PlannedMinutes);

    public static void Copy(WriteContext context, long fromEventId, long facilitatorId)
    {
        var from = new { EventId = fromEventId };
        var items = new Dictionary<long, long>();
        foreach (var item in context.Query<ItemRow>(
                     """
                     SELECT id AS Id, title AS Title, presenter AS Presenter, organisation AS Organisation, kind AS Kind,
                            planned_minutes AS PlannedMinutes
                     FROM agenda_items WHERE event_id = @EventId ORDER BY position, id
                     """, from).ToList())
        {
            items[item.Id] = Agenda.AgendaStore.Insert(context,
                new Agenda.AgendaItemInput(item.Title, item.Presenter, item.Organisation, item.Kind, (int)item.PlannedMinutes));
        }

        var proposals = new Dictionary<long, long>();
        foreach (var proposal in context.Query<ProposalRow>(
                     """
                     SELECT id AS Id, title AS Title, summary AS Summary, tags AS Tags, agenda_item_id AS AgendaItemId
                     FROM proposals WHERE event_id = @EventId AND rejected = 0 ORDER BY id
                     """, from).ToList())
        {
            proposals[proposal.Id] = context.ExecuteScalar<long>(
                """
                INSERT INTO proposals (event_id, owner_id, title, summary, tags, agenda_item_id, created_at, updated_at)
                VALUES (@EventId, @OwnerId, @Title, @Summary, @Tags, @AgendaItemId, @Now, @Now)
                RETURNING id
                """,
                new
                {
                    context.EventId,
                    OwnerId = facilitatorId,
                    proposal.Title,
                    proposal.Summary,
                    proposal.Tags,
                    AgendaItemId = proposal.AgendaItemId is { } item && items.TryGetValue(item, out var copied) ? copied : (long?)null,
                    Now = context.NowMs,
                });
        }

        foreach (var pitch in context.Query<PitchRow>(
                     """
                     SELECT agenda_item_id AS AgendaItemId, title AS Title, proposal_id AS ProposalId, planned_minutes AS PlannedMinutes
                     FROM pitches WHERE event_id = @EventId ORDER BY agenda_item_id, position, id
                     """, from).ToList())
        {
            var proposal = pitch.ProposalId is { } id && proposals.TryGetValue(id, out var copied) ? copied : (long?)null;
            if (proposal is null && pitch.Title.Length == 0)
            {
                // A pitch that was only its (rejected) proposal has nothing left to show.
                continue;
            }

            Agenda.PitchStore.Insert(context, items[pitch.AgendaItemId],
                new Agenda.PitchInput(pitch.Title, proposal, null, "", (int)pitch.PlannedMinutes));
        }

        context.Execute(
            """
            INSERT INTO badge_rules (event_id, rule, updated_at)
            SELECT @EventId, rule, @Now FROM badge_rules WHERE event_id = @From
            """,
            new { context.EventId, From = fromEventId, Now = context.NowMs });
    }
}
