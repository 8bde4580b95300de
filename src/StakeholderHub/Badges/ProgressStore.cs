using StakeholderHub.Data;

namespace StakeholderHub.Badges;

/// <summary>A recorded interaction that a badge rule counts.</summary>
public sealed record CountedInteraction(long Id, string Action, string? SubjectKind, long? SubjectId, string? Detail, DateTimeOffset At);

/// <summary>Turns a participant's evidence into progress through the event's rule.</summary>
public static class ProgressStore
{
    /// <summary>The person's evidence rows the rule can count, oldest first (see <see cref="Read"/>).</summary>
    public static IReadOnlyList<CountedInteraction> Counted(IStoreReader sql, long eventId, long personId) =>
        Read(sql, eventId, personId).Select(row => row.View()).ToList();

    /// <summary>The interactions that meet the rule's steps (each subject once where a step counts distinct ones).</summary>
    public static IReadOnlyList<CountedInteraction> ForRule(BadgeRule rule, IReadOnlyList<CountedInteraction> counted)
    {
        var result = new List<CountedInteraction>();
        foreach (var step in rule.Active)
        {
            var rows = counted.Where(row => step.Actions.Contains(row.Action));
            if (step.Distinct)
            {
                rows = rows.DistinctBy(row => (row.Action, row.SubjectKind, row.SubjectId));
            }

            result.AddRange(rows);
        }

        return result.DistinctBy(row => row.Id).OrderBy(row => row.Id).ToList();
    }

    public static Progress Compute(BadgeRule rule, long personId, IReadOnlyList<CountedInteraction> counted, BadgeSummary? badge)
    {
        var steps = rule.Active
            .Select(step =>
            {
                var rows = counted.Where(row => step.Actions.Contains(row.Action));
                var count = step.Distinct ? rows.Select(row => (row.Action, row.SubjectKind, row.SubjectId)).Distinct().Count() : rows.Count();
                return new StepProgress(step.Key, count, step.Min, count >= step.Min);
            })
            .ToList();
        return new Progress(personId, steps, steps.All(step => step.Done), badge);
    }

    public static Progress Load(IStoreReader sql, BadgeRule rule, long eventId, long personId) =>
        Compute(rule, personId, Counted(sql, eventId, personId), CredentialStore.Summary(sql, personId));

    /// <summary>
    /// The facilitator's copy of a participant's progress: their anonymous questions count only once released
    /// (<c>progress_releases</c>, docs/privacy.md), and their dismissal does not show, so nothing in it changes when
    /// an anonymous question is asked, dismissed or restored.
    /// </summary>
    public static Progress Released(IStoreReader sql, BadgeRule rule, long eventId, long personId) =>
        Compute(rule, personId, Read(sql, eventId, personId, released: true).Select(row => row.View()).ToList(),
            CredentialStore.Summary(sql, personId));

    /// <summary>
    /// Every participant's progress, in one read of the evidence, not one per person: each participant's own
    /// (<paramref name="released"/> false) or the facilitator's copies (see <see cref="Released"/>).
    /// </summary>
    public static IReadOnlyList<Progress> All(IStoreReader sql, BadgeRule rule, long eventId, bool released)
    {
        var participants = sql.Query<long>(
            "SELECT id FROM people WHERE event_id = @EventId AND role = 'participant' ORDER BY id", new { EventId = eventId });
        var counted = Read(sql, eventId, personId: null, released).ToLookup(row => row.PersonId, row => row.View());
        var badges = CredentialStore.Summaries(sql, eventId);
        return participants
            .Select(id => Compute(rule, id, counted[id].ToList(), badges.GetValueOrDefault(id)))
            .ToList();
    }

    /// <summary>
    /// The evidence rows the rule can count, oldest first, of one person or (no <paramref name="personId"/>) of the
    /// whole event. A practice the facilitator hid and a question they dismissed no longer count; withdrawals and
    /// other actions are evidence but not counted. <paramref name="released"/>: as the facilitator's copy counts them.
    /// </summary>
    private static IEnumerable<Row> Read(IStoreReader sql, long eventId, long? personId, bool released = false) =>
        sql.Query<Row>(
            $"""
            SELECT e.id AS Id, e.person_id AS PersonId, e.action AS Action, e.subject_kind AS SubjectKind, e.subject_id AS SubjectId,
                   e.detail AS Detail, e.created_at AS CreatedAt
            FROM evidence e
            LEFT JOIN practices p ON e.subject_kind = 'practice' AND p.id = e.subject_id
            LEFT JOIN questions q ON e.subject_kind = 'question' AND q.id = e.subject_id
            {(released ? "LEFT JOIN progress_releases r ON r.person_id = e.person_id" : "")}
            WHERE e.event_id = @EventId {(personId is null ? "" : "AND e.person_id = @PersonId")} AND {sql.InList("e.action", "@Actions")}
              AND COALESCE(p.hidden, 0) = 0
              {(released
                  ? "AND (COALESCE(e.detail, '') = @Anonymous OR COALESCE(q.status, '') <> 'dismissed') AND NOT (COALESCE(e.detail, '') = @Anonymous AND e.id > COALESCE(r.released_through, 0))"
                  : "AND COALESCE(q.status, '') <> 'dismissed'")}
            ORDER BY e.id
            """,
            new { EventId = eventId, PersonId = personId, Actions = BadgeRule.CountableActions.ToArray(), Anonymous = Touched.AnonymousDetail });

    private sealed class Row
    {
        public long Id { get; init; }

        public long PersonId { get; init; }

        public string Action { get; init; } = "";

        public string? SubjectKind { get; init; }

        public long? SubjectId { get; init; }

        public string? Detail { get; init; }

        public long CreatedAt { get; init; }

        public CountedInteraction View() =>
            new(Id, Action, SubjectKind, SubjectId, Detail, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
