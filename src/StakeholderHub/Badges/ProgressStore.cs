using StakeholderHub.Access;
using StakeholderHub.Data;

namespace StakeholderHub.Badges;

/// <summary>A recorded interaction that a badge rule counts.</summary>
public sealed record CountedInteraction(long Id, string Action, string? SubjectKind, long? SubjectId, string? Detail, DateTimeOffset At);

/// <summary>Turns a participant's evidence into progress through the event's rule.</summary>
public static class ProgressStore
{
    /// <summary>The person's evidence rows the rule can count, oldest first (see <see cref="Read"/>).</summary>
    public static IReadOnlyList<CountedInteraction> Counted(IStoreReader sql, long eventId, long personId) =>
        Read(sql, eventId, personId).Where(row => row.CountsForThem).Select(row => row.View()).ToList();

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
    /// What the writer needs to send a person their progress after a change, in one read (one round trip on
    /// PostgreSQL, where it used to be four): their role, whether they hold a credential, and their evidence rows as
    /// <see cref="Read"/> has them. Null when there is no such person.
    /// </summary>
    internal static PersonEvidence? ForWriter(IStoreReader sql, long eventId, long personId)
    {
        var rows = sql.Query<WriterRow>(ReadForWriter, new { EventId = eventId, PersonId = personId }).ToList();
        return rows.Count == 0
            ? null
            : new PersonEvidence(Roles.TryParse(rows[0].Role, out var role) ? role : null, rows[0].CredentialId is not null,
                rows.Where(row => row.Id is not null).Select(row => row.ToRow()).ToList());
    }

    /// <summary>
    /// A participant's own progress and the facilitator's copy, from what <see cref="ForWriter"/> read: in the copy their
    /// anonymous questions count only once released (<c>progress_releases</c>, docs/privacy.md), and their dismissal
    /// does not show, so nothing in it changes when an anonymous question is asked, dismissed or restored.
    /// <paramref name="badge"/> is read only for a person who holds one.
    /// </summary>
    internal static (Progress Own, Progress Released) Both(BadgeRule rule, long personId, PersonEvidence person, BadgeSummary? badge) =>
        (Compute(rule, personId, person.Rows.Where(row => row.CountsForThem).Select(row => row.View()).ToList(), badge),
            Compute(rule, personId, person.Rows.Where(row => row.CountsForFacilitator).Select(row => row.View()).ToList(), badge));

    /// <summary>
    /// Every participant's progress, in one read of the evidence, not one per person: each participant's own
    /// (<paramref name="released"/> false) or the facilitator's copies (see <see cref="Both"/>).
    /// </summary>
    public static IReadOnlyList<Progress> All(IStoreReader sql, BadgeRule rule, long eventId, bool released)
    {
        var participants = sql.Query<long>(
            "SELECT id FROM people WHERE event_id = @EventId AND role = 'participant' ORDER BY id", new { EventId = eventId });
        var counted = Read(sql, eventId, personId: null)
            .Where(row => released ? row.CountsForFacilitator : row.CountsForThem)
            .ToLookup(row => row.PersonId, row => row.View());
        var badges = CredentialStore.Summaries(sql, eventId);
        return participants
            .Select(id => Compute(rule, id, counted[id].ToList(), badges.GetValueOrDefault(id)))
            .ToList();
    }

    /// <summary>
    /// The evidence rows the rule can count, oldest first, of one person or (no <paramref name="personId"/>) of the
    /// whole event. A practice the facilitator hid no longer counts; withdrawals and other actions are evidence but not
    /// counted. Whether a row counts for the person and for the facilitator's copy (a dismissed question, an anonymous
    /// question not yet released) is decided from its columns (<see cref="Row"/>), so one read serves both. The
    /// actions are written into the SQL (they are the rule's own names), so the writer runs it as a prepared statement.
    /// </summary>
    private static IReadOnlyList<Row> Read(IStoreReader sql, long eventId, long? personId) =>
        sql.Query<Row>(personId is null ? ReadAll : ReadOne, new { EventId = eventId, PersonId = personId }).ToList();

    private static readonly string ReadSql = $"""
        SELECT e.id AS Id, e.person_id AS PersonId, e.action AS Action, e.subject_kind AS SubjectKind, e.subject_id AS SubjectId,
               e.detail AS Detail, e.created_at AS CreatedAt, CASE WHEN q.status = 'dismissed' THEN 1 ELSE 0 END AS Dismissed,
               COALESCE(r.released_through, 0) AS ReleasedThrough
        FROM evidence e
        LEFT JOIN practices p ON e.subject_kind = 'practice' AND p.id = e.subject_id
        LEFT JOIN questions q ON e.subject_kind = 'question' AND q.id = e.subject_id
        LEFT JOIN progress_releases r ON r.person_id = e.person_id
        WHERE e.event_id = @EventId {"{0}"} AND e.action IN ({string.Join(", ", BadgeRule.CountableActions.Order(StringComparer.Ordinal).Select(Literal))})
          AND COALESCE(p.hidden, 0) = 0
        ORDER BY e.id
        """;

    private static readonly string ReadOne = ReadSql.Replace("{0}", "AND e.person_id = @PersonId", StringComparison.Ordinal);

    private static readonly string ReadAll = ReadSql.Replace("{0}", "", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="ReadOne"/> beside the person's role and credential: one row per evidence row, or one row with no
    /// evidence columns when they have none.
    /// </summary>
    private static readonly string ReadForWriter = $"""
        SELECT x.role AS Role, (SELECT c.id FROM credentials c WHERE c.person_id = x.id) AS CredentialId, e.*
        FROM people x
        LEFT JOIN ({ReadOne.Replace("ORDER BY e.id", "", StringComparison.Ordinal).Trim()}) e ON 1 = 1
        WHERE x.id = @PersonId
        ORDER BY e.Id
        """;

    private static string Literal(string action) =>
        action.All(c => c is >= 'a' and <= 'z' or '_') ? $"'{action}'" : throw new InvalidOperationException($"Not an action name: {action}");

    /// <summary>What <see cref="ForWriter"/> read of a person.</summary>
    internal sealed record PersonEvidence(Access.Role? Role, bool HoldsCredential, IReadOnlyList<Row> Rows)
    {
        /// <summary>Whether an anonymous question of theirs does not count in the facilitator's copy yet.</summary>
        public bool Unreleased => Rows.Any(row => row.Anonymous && row.Id > row.ReleasedThrough);

        /// <summary>As after a release (<c>ProgressReleases.Release</c>): every row so far counts in the facilitator's copy.</summary>
        public PersonEvidence Released() => this with { Rows = Rows.Select(row => row.Released()).ToList() };
    }

    private sealed class WriterRow
    {
        public string? Role { get; init; }

        public string? CredentialId { get; init; }

        public long? Id { get; init; }

        public long? PersonId { get; init; }

        public string? Action { get; init; }

        public string? SubjectKind { get; init; }

        public long? SubjectId { get; init; }

        public string? Detail { get; init; }

        public long? CreatedAt { get; init; }

        public long? Dismissed { get; init; }

        public long? ReleasedThrough { get; init; }

        public Row ToRow() => new()
        {
            Id = Id!.Value, PersonId = PersonId!.Value, Action = Action!, SubjectKind = SubjectKind, SubjectId = SubjectId, Detail = Detail,
            CreatedAt = CreatedAt!.Value, Dismissed = Dismissed ?? 0, ReleasedThrough = ReleasedThrough ?? 0,
        };
    }

    internal sealed class Row
    {
        public long Id { get; init; }

        public long PersonId { get; init; }

        public string Action { get; init; } = "";

        public string? SubjectKind { get; init; }

        public long? SubjectId { get; init; }

        public string? Detail { get; init; }

        public long CreatedAt { get; init; }

        public long Dismissed { get; init; }

        public long ReleasedThrough { get; init; }

        public bool Anonymous => Detail == Touched.AnonymousDetail;

        public Row Released() => new()
        {
            Id = Id, PersonId = PersonId, Action = Action, SubjectKind = SubjectKind, SubjectId = SubjectId, Detail = Detail, CreatedAt = CreatedAt,
            Dismissed = Dismissed, ReleasedThrough = long.MaxValue,
        };

        /// <summary>A question the facilitator dismissed no longer counts for its asker.</summary>
        public bool CountsForThem => Dismissed == 0;

        /// <summary>
        /// The facilitator's copy: an anonymous question counts once released (whether or not it was dismissed later,
        /// so a dismissal does not show), a named one while it is not dismissed.
        /// </summary>
        public bool CountsForFacilitator => Anonymous ? Id <= ReleasedThrough : Dismissed == 0;

        public CountedInteraction View() =>
            new(Id, Action, SubjectKind, SubjectId, Detail, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
