using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

/// <summary>
/// A person's own state across the board and the Q&A (what their buttons show as pressed): read for their snapshot,
/// and sent to them alone after each change of it. Each feature's store reads its own part.
/// </summary>
public static class MineStore
{
    public static Mine Load(IStoreReader sql, long personId)
    {
        var (upvoted, memberships) = ProposalStore.Mine(sql, personId);
        var (upvotedQuestions, asked) = QuestionStore.Mine(sql, personId);
        return new Mine(upvoted, memberships, upvotedQuestions, asked);
    }

    /// <summary>Sends the person their own state as it stands after this change.</summary>
    public static void Emit(WriteContext context, long personId) =>
        context.Emit("mine", Load(context, personId), Audience.Person(personId), mergeKey: "mine");
}
