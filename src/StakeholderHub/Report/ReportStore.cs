using StakeholderHub.Badges;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Polls;

namespace StakeholderHub.Report;

/// <summary>
/// The session report's figures (docs/protocol.md, "The session report"), read in one snapshot. Only aggregates: no
/// person's name, no question's text, no asker; what the content filter holds is counted and marked as the facilitator
/// sees it; an erased person counts only where the store keeps them (their check-in, without a country).
/// </summary>
public static class ReportStore
{
    /// <summary>The bucket widths the check-ins are counted in, smallest first: the first that keeps the chart to <see cref="MaxBuckets"/> bars.</summary>
    private static readonly int[] BucketMinutes = [5, 10, 15, 30, 60, 120, 240, 720, 1440];

    public const int MaxBuckets = 36;

    public static SessionReport Build(IStoreReader sql, long eventId, DateTimeOffset now)
    {
        var info = sql.QuerySingleOrDefault<EventRow>(
            "SELECT title AS Title, version AS Version, closed_at AS ClosedAt FROM events WHERE id = @EventId", new { EventId = eventId })
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no event {eventId}.");
        return new SessionReport(
            eventId,
            info.Title,
            info.Version,
            info.ClosedAt is not null,
            info.ClosedAt is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null,
            now,
            CheckIns(sql, eventId),
            Proposals(sql, eventId),
            Questions(sql, eventId),
            Practices(sql, eventId),
            Polls(sql, eventId),
            Badges(sql, eventId));
    }

    /// <summary>Participants who checked in: over time from the first check-in, and by country (an erased person has none).</summary>
    public static CheckInFigures CheckIns(IStoreReader sql, long eventId)
    {
        var people = sql.Query<CheckInRow>(
            "SELECT created_at AS CreatedAt, country AS Country, erased_at AS ErasedAt FROM people WHERE event_id = @EventId AND role = 'participant' ORDER BY created_at, id",
            new { EventId = eventId }).ToList();
        var stakeholders = sql.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'stakeholder'", new { EventId = eventId });
        var erased = people.Count(person => person.ErasedAt is not null);
        var byCountry = people
            .Where(person => person.ErasedAt is null)
            .GroupBy(person => person.Country)
            .Select(group => new CountryCount(group.Key, group.Count()))
            .OrderByDescending(country => country.Count).ThenBy(country => country.Country, StringComparer.Ordinal)
            .ToList();
        if (people.Count == 0)
        {
            return new CheckInFigures(0, 0, stakeholders, null, null, BucketMinutes[0], [], byCountry);
        }

        var first = people[0].CreatedAt;
        var last = people[^1].CreatedAt;
        var minutes = BucketMinutes.FirstOrDefault(size => (last - Floor(first, size)) / (size * 60_000L) < MaxBuckets, BucketMinutes[^1]);
        var width = minutes * 60_000L;
        var start = Floor(first, minutes);
        var counts = new long[(int)((last - start) / width) + 1];
        foreach (var person in people)
        {
            counts[(int)((person.CreatedAt - start) / width)]++;
        }

        var total = 0L;
        var buckets = counts.Select((count, index) =>
        {
            total += count;
            return new CheckInBucket(DateTimeOffset.FromUnixTimeMilliseconds(start + index * width), count, total);
        }).ToList();
        return new CheckInFigures(people.Count, erased, stakeholders, DateTimeOffset.FromUnixTimeMilliseconds(first),
            DateTimeOffset.FromUnixTimeMilliseconds(last), minutes, buckets, byCountry);
    }

    /// <summary>Every proposal as the facilitator's board shows it (a held one marked), ranked by upvotes, then joins.</summary>
    public static IReadOnlyList<ProposalFigures> Proposals(IStoreReader sql, long eventId)
    {
        var intents = sql.Query<(long ProposalId, string Intent, long Count)>(
            """
            SELECT m.proposal_id, m.intent, COUNT(*) FROM proposal_members m JOIN proposals p ON p.id = m.proposal_id
            WHERE p.event_id = @EventId GROUP BY m.proposal_id, m.intent
            """,
            new { EventId = eventId }).ToDictionary(row => (row.ProposalId, row.Intent), row => row.Count);
        long Joined(long proposal, string intent) => intents.GetValueOrDefault((proposal, intent));
        return ProposalStore.Board(sql, eventId, personId: 0, staff: true)
            .OrderByDescending(proposal => proposal.Upvotes).ThenByDescending(proposal => proposal.Members).ThenBy(proposal => proposal.Id)
            .Select(proposal => new ProposalFigures(
                proposal.Id, proposal.Title, proposal.OwnerOrganisation, proposal.Status, proposal.Waiting, proposal.Upvotes, proposal.Members,
                Joined(proposal.Id, "partner"), Joined(proposal.Id, "co-applicant"), Joined(proposal.Id, "observer")))
            .ToList();
    }

    /// <summary>
    /// The questions by what became of them; answered live, answered in writing, unanswered and dismissed (without an
    /// answer) add up to those asked. Held and waiting are the ones not yet published.
    /// </summary>
    public static QuestionFigures Questions(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<QuestionFigures>(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS Asked,
                   CAST(COALESCE(SUM(CASE WHEN status = 'published' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Published,
                   CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Waiting,
                   CAST(COALESCE(SUM(CASE WHEN status = 'pending' AND held_reason IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS Held,
                   CAST(COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND answer_live = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS AnsweredLive,
                   CAST(COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND answer_live = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS AnsweredInWriting,
                   CAST(COALESCE(SUM(CASE WHEN answered_at IS NULL AND status <> 'dismissed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Unanswered,
                   CAST(COALESCE(SUM(CASE WHEN answered_at IS NULL AND status = 'dismissed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS Dismissed,
                   CAST(COALESCE(SUM(anonymous), 0) AS BIGINT) AS Anonymous,
                   CAST(COALESCE(SUM(upvotes), 0) AS BIGINT) AS Upvotes
            FROM questions WHERE event_id = @EventId
            """,
            new { EventId = eventId })!;

    public static PracticeFigures Practices(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<PracticeFigures>(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS Shared,
                   CAST(COALESCE(SUM(CASE WHEN hidden = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS OnTheWall,
                   CAST(COALESCE(SUM(CASE WHEN hidden = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS Hidden,
                   CAST(COALESCE(SUM(CASE WHEN hidden = 1 AND held_reason IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS Held
            FROM practices WHERE event_id = @EventId
            """,
            new { EventId = eventId })!;

    /// <summary>Every poll that was opened, with its results as the facilitator sees them (a word cloud's hidden and held answers marked).</summary>
    public static IReadOnlyList<PollFigures> Polls(IStoreReader sql, long eventId) =>
        PollStore.All(sql, eventId)
            .Where(poll => poll.Status != "draft")
            .Select(poll =>
            {
                if (poll.Kind == "words")
                {
                    var cloud = PollStore.Cloud(sql, poll.Id, staff: true);
                    return new PollFigures(poll.Id, poll.Kind, poll.Question, poll.Status, cloud.Voters,
                        cloud.Words.Select(word => new OptionFigures(word.Text, word.Count, null, null, word.Hidden, word.Held)).ToList());
                }

                var results = PollStore.Results(sql, poll);
                return new PollFigures(poll.Id, poll.Kind, poll.Question, poll.Status, results.Voters,
                    poll.Options.Select((option, i) => new OptionFigures(option, results.Counts[i], Math.Round(results.Percents[i], 1),
                        poll.Kind == "ranking" ? results.Points[i] : null, false, 0)).ToList());
            })
            .ToList();

    /// <summary>
    /// Badge progress as a funnel, from the facilitator's copy of everyone's progress (so an anonymous question counts
    /// only once released, as on the badge panel): checked in, each step of the rule, eligible, issued.
    /// </summary>
    public static BadgeFunnel Badges(IStoreReader sql, long eventId)
    {
        var rule = BadgeRuleStore.Load(sql, eventId);
        var progress = ProgressStore.All(sql, rule, eventId, released: true);
        var steps = rule.Active
            .Select(step => new StepFigures(step.Key, step.Min, progress.Count(person => person.Steps.Any(s => s.Key == step.Key && s.Done))))
            .ToList();
        var credentials = CredentialStore.ForEvent(sql, eventId);
        return new BadgeFunnel(progress.Count, steps, progress.Count(person => person.Eligible),
            credentials.Count(credential => !credential.Revoked), credentials.Count(credential => credential.Revoked));
    }

    private static long Floor(long ms, int minutes) => ms - ((ms % (minutes * 60_000L)) + minutes * 60_000L) % (minutes * 60_000L);

    private sealed record EventRow(string Title, long Version, long? ClosedAt);

    private sealed record CheckInRow(long CreatedAt, string Country, long? ErasedAt);
}

/// <summary>The session report: every figure at <see cref="Version"/>, live while the session runs and final once it is closed.</summary>
public sealed record SessionReport(
    long EventId,
    string Title,
    long Version,
    bool Closed,
    DateTimeOffset? ClosedAt,
    DateTimeOffset GeneratedAt,
    CheckInFigures CheckIns,
    IReadOnlyList<ProposalFigures> Proposals,
    QuestionFigures Questions,
    PracticeFigures Practices,
    IReadOnlyList<PollFigures> Polls,
    BadgeFunnel Badges);

/// <param name="Total">Participants who checked in, erased ones included.</param>
/// <param name="Erased">Of them, erased: counted in <see cref="OverTime"/>, not in <see cref="ByCountry"/>.</param>
/// <param name="BucketMinutes">The width of each bucket of <see cref="OverTime"/>, from the first check-in's (floored) time.</param>
public sealed record CheckInFigures(
    long Total, long Erased, long Stakeholders, DateTimeOffset? First, DateTimeOffset? Last, int BucketMinutes,
    IReadOnlyList<CheckInBucket> OverTime, IReadOnlyList<CountryCount> ByCountry);

/// <param name="Total">Checked in up to the end of this bucket.</param>
public sealed record CheckInBucket(DateTimeOffset From, long Count, long Total);

/// <param name="Country">ISO 3166 code; empty when none was given.</param>
public sealed record CountryCount(string Country, long Count);

public sealed record ProposalFigures(
    long Id, string Title, string Organisation, string Status, bool Held, long Upvotes, long Joined, long Partners, long CoApplicants, long Observers);

public sealed record QuestionFigures(
    long Asked, long Published, long Waiting, long Held, long AnsweredLive, long AnsweredInWriting, long Unanswered, long Dismissed,
    long Anonymous, long Upvotes);

public sealed record PracticeFigures(long Shared, long OnTheWall, long Hidden, long Held);

public sealed record PollFigures(long Id, string Kind, string Question, string Status, long Voters, IReadOnlyList<OptionFigures> Options);

/// <param name="Percent">Of the voters (not for word clouds).</param>
/// <param name="Points">A ranking's points (first place the most).</param>
/// <param name="Held">A word cloud's answers of this group the content filter holds.</param>
public sealed record OptionFigures(string Text, long Votes, double? Percent, long? Points, bool Hidden, long Held);

public sealed record StepFigures(string Key, int Required, long Done);

/// <param name="Issued">Credentials issued and not revoked.</param>
public sealed record BadgeFunnel(long CheckedIn, IReadOnlyList<StepFigures> Steps, long Eligible, long Issued, long Revoked);
