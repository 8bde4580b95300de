using StakeholderHub.Access;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Reactions;

namespace StakeholderHub.Polls;

/// <summary>
/// The polls, word clouds and reactions of an event as one person may see them, for their snapshot: the polls, the
/// results they may see, their own answers, the poll on the projector, the reaction counts per agenda item, and for
/// the facilitator the event's own filter words.
/// </summary>
public sealed record RoomActivity(
    IReadOnlyList<Poll> Polls,
    IReadOnlyList<PollResults> Results,
    IReadOnlyList<PollVote> Mine,
    PollScreen Screen,
    IReadOnlyList<ReactionCounts> Reactions,
    IReadOnlyList<string>? FilterWords)
{
    public static RoomActivity Read(IStoreReader sql, Person caller)
    {
        var staff = caller.Role == Role.Facilitator;
        var polls = PollStore.Visible(sql, caller.EventId, caller.Id, staff);
        return new RoomActivity(
            polls,
            polls.Select(poll => PollService.ResultsFor(sql, poll, caller)).OfType<PollResults>().ToList(),
            PollStore.Mine(sql, caller.EventId, caller.Id),
            PollStore.Screen(sql, caller.EventId),
            ReactionStore.All(sql, caller.EventId),
            staff ? FilterStore.Words(sql, caller.EventId) : null);
    }
}
