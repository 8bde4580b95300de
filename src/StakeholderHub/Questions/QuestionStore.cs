using Dapper;
using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Questions;

/// <summary>The Q&A's SQL.</summary>
public static class QuestionStore
{
    private static readonly string Select = $"""
        SELECT q.id AS Id, q.person_id AS PersonId, a.name AS AskerName, a.organisation AS AskerOrganisation, q.text AS Text,
               q.target_kind AS TargetKind, q.agenda_item_id AS AgendaItemId, q.proposal_id AS ProposalId, q.anonymous AS Anonymous,
               q.status AS Status, q.dismissed_from AS DismissedFrom, q.upvotes AS Upvotes, q.answer_text AS AnswerText,
               q.answer_live AS AnswerLive, b.name AS AnsweredBy, q.answered_at AS AnsweredAt, q.created_at AS CreatedAt,
               q.held_reason AS HeldReason
        FROM questions q {ShownNames.Join("a", "q.person_id")} {ShownNames.Join("b", "q.answered_by")}
        """;

    /// <summary>
    /// The questions a person may see: every one for the facilitator; the published ones and their own for
    /// everyone else.
    /// </summary>
    public static IReadOnlyList<Question> Visible(IStoreReader sql, long eventId, long personId, bool staff) =>
        sql.Query<Row>(
            $"{Select} WHERE q.event_id = @EventId AND (@Staff OR q.status = 'published' OR q.person_id = @PersonId) ORDER BY q.id",
            new { EventId = eventId, PersonId = personId, Staff = staff })
            .Select(row => !staff && row.PersonId == personId ? row.Asker() : row.View())
            .ToList();

    /// <summary>Every question of the event, for the facilitator's export.</summary>
    public static IReadOnlyList<Row> All(IStoreReader sql, long eventId) =>
        sql.Query<Row>($"{Select} WHERE q.event_id = @EventId ORDER BY q.id", new { EventId = eventId }).ToList();

    /// <summary>Every question a person asked in the event.</summary>
    public static IReadOnlyList<Row> AskedBy(IStoreReader sql, long eventId, long personId) =>
        sql.Query<Row>($"{Select} WHERE q.event_id = @EventId AND q.person_id = @PersonId ORDER BY q.id", new { EventId = eventId, PersonId = personId }).ToList();

    public static Row? Find(IStoreReader sql, long eventId, long questionId) =>
        sql.QuerySingleOrDefault<Row>($"{Select} WHERE q.id = @Id AND q.event_id = @EventId", new { Id = questionId, EventId = eventId });

    /// <summary>A person's own question upvotes and questions, in one statement (it runs after every question upvote).</summary>
    public static (IReadOnlyList<long> Upvoted, IReadOnlyList<long> Asked) Mine(IStoreReader sql, long personId)
    {
        var rows = sql.Query<(string Kind, long Id)>(
            """
            SELECT 'question-upvote' AS Kind, question_id AS Id FROM question_votes WHERE person_id = @PersonId
            UNION ALL
            SELECT 'asked', id FROM questions WHERE person_id = @PersonId
            ORDER BY 1, 2
            """,
            new { PersonId = personId }).ToList();
        return (
            rows.Where(row => row.Kind == "question-upvote").Select(row => row.Id).ToList(),
            rows.Where(row => row.Kind == "asked").Select(row => row.Id).ToList());
    }

    /// <summary>What a question was asked about, for the badge's evidence: its kind and the title of its item or proposal.</summary>
    public static (string Kind, string? Title) TargetOf(IStoreReader sql, long? questionId) =>
        sql.QuerySingleOrDefault<(string Kind, string? Title)>(
            """
            SELECT q.target_kind, COALESCE(a.title, p.title)
            FROM questions q LEFT JOIN agenda_items a ON a.id = q.agenda_item_id LEFT JOIN proposals p ON p.id = q.proposal_id
            WHERE q.id = @Id
            """,
            new { Id = questionId });

    public static long? FindByRequest(IStoreReader sql, long personId, string requestId) =>
        sql.QuerySingleOrDefault<long?>(
            "SELECT id FROM questions WHERE person_id = @PersonId AND request_id = @RequestId",
            new { PersonId = personId, RequestId = requestId });

    public static long Insert(WriteContext context, long personId, CheckedQuestion question, string status) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO questions (event_id, person_id, text, target_kind, agenda_item_id, proposal_id, anonymous, status, request_id, created_at)
            VALUES (@EventId, @PersonId, @Text, @TargetKind, @AgendaItemId, @ProposalId, @Anonymous, @Status, @RequestId, @Now)
            RETURNING id
            """,
            new
            {
                context.EventId,
                PersonId = personId,
                question.Text,
                question.TargetKind,
                AgendaItemId = question.TargetKind == "agenda" ? question.TargetId : null,
                ProposalId = question.TargetKind == "proposal" ? question.TargetId : null,
                Anonymous = question.Anonymous ? 1L : 0L,
                Status = status,
                question.RequestId,
                Now = context.NowMs,
            });

    /// <summary>Whether the person asked exactly this before (the filter's "same text again").</summary>
    public static bool AskedBefore(IStoreReader sql, long personId, string text) =>
        sql.ExecuteScalar<long>("SELECT COUNT(*) FROM questions WHERE person_id = @PersonId AND text = @Text", new { PersonId = personId, Text = text }) > 0;

    /// <summary>Records why the content filter held a question.</summary>
    public static void SetHeld(WriteContext context, long questionId, string reason) =>
        context.Execute("UPDATE questions SET held_reason = @Reason WHERE id = @Id", new { Id = questionId, Reason = reason });

    public static void SetStatus(WriteContext context, long questionId, string status, string? dismissedFrom) =>
        context.Execute(
            "UPDATE questions SET status = @Status, dismissed_from = @DismissedFrom WHERE id = @Id",
            new { Id = questionId, Status = status, DismissedFrom = dismissedFrom });

    public static void SetAnswer(WriteContext context, long questionId, AnswerInput answer, long answeredBy) =>
        context.Execute(
            "UPDATE questions SET answer_text = @Text, answer_live = @Live, answered_by = @By, answered_at = @Now WHERE id = @Id",
            new { Id = questionId, answer.Text, Live = answer.Live ? 1L : 0L, By = answeredBy, Now = context.NowMs });

    public static bool AddVote(WriteContext context, long questionId, long personId)
    {
        var added = context.Execute(
            "INSERT INTO question_votes (question_id, person_id, created_at) VALUES (@Id, @PersonId, @Now) ON CONFLICT DO NOTHING",
            new { Id = questionId, PersonId = personId, Now = context.NowMs }) == 1;
        if (added)
        {
            context.Execute("UPDATE questions SET upvotes = upvotes + 1 WHERE id = @Id", new { Id = questionId });
        }

        return added;
    }

    public static bool RemoveVote(WriteContext context, long questionId, long personId)
    {
        var removed = context.Execute(
            "DELETE FROM question_votes WHERE question_id = @Id AND person_id = @PersonId",
            new { Id = questionId, PersonId = personId }) == 1;
        if (removed)
        {
            context.Execute("UPDATE questions SET upvotes = upvotes - 1 WHERE id = @Id", new { Id = questionId });
        }

        return removed;
    }

    /// <summary>The stakeholder a question is addressed to: the owner of its proposal, or the presenter of its agenda item.</summary>
    public static long? Addressee(IStoreReader sql, Row question) => question.TargetKind switch
    {
        "proposal" => sql.QuerySingleOrDefault<long?>("SELECT owner_id FROM proposals WHERE id = @Id", new { Id = question.TargetId }),
        "agenda" => sql.QuerySingleOrDefault<long?>("SELECT stakeholder_id FROM agenda_items WHERE id = @Id", new { Id = question.TargetId }),
        _ => null,
    };

    public static Settings Settings(IStoreReader sql, long eventId) =>
        new(sql.ExecuteScalar<long>("SELECT moderation FROM events WHERE id = @EventId", new { EventId = eventId }) == 1);

    public static void SetModeration(WriteContext context, bool on) =>
        context.Execute("UPDATE events SET moderation = @On WHERE id = @EventId", new { context.EventId, On = on ? 1L : 0L });

    public static Screen Screen(IStoreReader sql, long eventId) =>
        new(sql.ExecuteScalar<long?>("SELECT screen_question_id FROM events WHERE id = @EventId", new { EventId = eventId }));

    public static void SetScreen(WriteContext context, long? questionId) =>
        context.Execute("UPDATE events SET screen_question_id = @QuestionId WHERE id = @EventId", new { context.EventId, QuestionId = questionId });

    public sealed record Row(
        long Id, long PersonId, string? AskerName, string? AskerOrganisation, string Text, string TargetKind, long? AgendaItemId, long? ProposalId,
        long Anonymous, string Status, string? DismissedFrom, long Upvotes, string? AnswerText, long AnswerLive,
        string? AnsweredBy, long? AnsweredAt, long CreatedAt, string? HeldReason)
    {
        public bool IsAnonymous => Anonymous == 1;

        public long? TargetId => AgendaItemId ?? ProposalId;

        /// <summary>
        /// The question as it stands: what everyone sees of a published one, and what the facilitator sees of every
        /// one. An anonymous asker's name is in neither.
        /// </summary>
        public Question View() => View(Status);

        /// <summary>What the asker sees: a question not shown to the room is pending, dismissed or not (dismissal is silent).</summary>
        public Question Asker() => View(Status == "published" ? "published" : "pending") with { HeldFor = null };

        private Question View(string status) => new(
            Id,
            Text,
            new QuestionTarget(TargetKind, TargetId),
            IsAnonymous,
            IsAnonymous ? null : AskerName ?? "",
            IsAnonymous ? null : AskerOrganisation ?? "",
            status,
            Upvotes,
            AnsweredAt is { } at ? new Answer(AnswerText, AnswerLive == 1, AnsweredBy ?? "", DateTimeOffset.FromUnixTimeMilliseconds(at)) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            status == "published" ? null : HeldReason);
    }
}
