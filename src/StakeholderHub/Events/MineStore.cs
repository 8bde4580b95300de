using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

/// <summary>
/// A person's own state across the board and the Q&A (what their buttons show as pressed): read whole for their
/// snapshot, and after each change of it sent to them alone as a delta, the one proposal or question that changed
/// (`mine.proposal`, `mine.question`). Each feature's store reads its own part.
/// </summary>
public static class MineStore
{
    public static Mine Load(IStoreReader sql, long personId)
    {
        var (upvoted, memberships) = ProposalStore.Mine(sql, personId);
        var (upvotedQuestions, asked) = QuestionStore.Mine(sql, personId);
        return new Mine(upvoted, memberships, upvotedQuestions, asked);
    }

    /// <summary>
    /// Sends the person what is now theirs on one proposal (a delta of their `mine`: their upvote and their
    /// membership there), after a change of it: two look-ups by key, not a read of all they did.
    /// </summary>
    public static void EmitProposal(WriteContext context, long personId, long proposalId)
    {
        // One read (one round trip on PostgreSQL): the upvote beside the membership, if any.
        var row = context.QuerySingleOrDefault<MineProposalRow>(
            """
            SELECT (SELECT COUNT(*) FROM proposal_votes WHERE proposal_id = @ProposalId AND person_id = @PersonId) AS Upvotes,
                   m.intent AS Intent, m.note AS Note, m.share_contact AS ShareContact, m.share_partners AS SharePartners
            FROM (SELECT 1 AS one) x
            LEFT JOIN proposal_members m ON m.proposal_id = @ProposalId AND m.person_id = @PersonId
            """,
            new { ProposalId = proposalId, PersonId = personId })!;
        var membership = row.Intent is not null
            ? new Membership(proposalId, row.Intent, row.Note ?? "", row.ShareContact == 1, row.SharePartners == 1)
            : null;
        context.Emit("mine.proposal", new MineProposal(proposalId, row.Upvotes > 0, membership), Audience.Person(personId), mergeKey: $"mine:proposal:{proposalId}");
    }

    /// <summary>Sends the person what is now theirs on one question (a delta of their `mine`: their upvote, whether they asked it).</summary>
    public static void EmitQuestion(WriteContext context, long personId, long questionId)
    {
        var row = context.QuerySingleOrDefault<MineQuestionRow>(
            """
            SELECT (SELECT COUNT(*) FROM question_votes WHERE question_id = @QuestionId AND person_id = @PersonId) AS Upvotes,
                   (SELECT COUNT(*) FROM questions WHERE id = @QuestionId AND person_id = @PersonId) AS Asked
            """,
            new { QuestionId = questionId, PersonId = personId })!;
        context.Emit("mine.question", new MineQuestion(questionId, row.Upvotes > 0, row.Asked > 0), Audience.Person(personId), mergeKey: $"mine:question:{questionId}");
    }
}

internal sealed class MineProposalRow
{
    public long Upvotes { get; init; }

    public string? Intent { get; init; }

    public string? Note { get; init; }

    public long? ShareContact { get; init; }

    public long? SharePartners { get; init; }
}

internal sealed class MineQuestionRow
{
    public long Upvotes { get; init; }

    public long Asked { get; init; }
}

/// <summary>The receiver's own state on one proposal: whether they upvote it, and their membership (null: not a member).</summary>
public sealed record MineProposal(long ProposalId, bool Upvoted, Membership? Membership);

/// <summary>The receiver's own state on one question: whether they upvote it, and whether they asked it.</summary>
public sealed record MineQuestion(long QuestionId, bool Upvoted, bool Asked);
