using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Badges;

/// <summary>
/// Keeps badge progress live: after every change that wrote a countable evidence action for a participant (or that
/// touched what counts, such as hiding their practice), sends that participant, and the facilitator, their progress
/// as it now stands, in the same transaction and version as the change.
/// </summary>
public sealed class ProgressFollower : IChangeFollower
{
    public void Follow(WriteContext context)
    {
        if (context.TouchedPeople.Count == 0)
        {
            return;
        }

        foreach (var personId in context.TouchedPeople
                     .Where(touched => touched.Action is null || Counts(context, touched.Action))
                     .Select(touched => touched.PersonId)
                     .Distinct())
        {
            Emit(context, personId);
        }
    }

    /// <summary>
    /// Whether an action can move progress: one of the rule's; for an optional step's (answering polls, which a storm
    /// of votes repeats), only while the facilitator has that step on.
    /// </summary>
    private static bool Counts(WriteContext context, string action) =>
        BadgeRule.CountableActions.Contains(action)
        && (!BadgeRule.OptionalActions.Contains(action)
            || BadgeRuleStore.Load(context, context.EventId).Active.Any(step => step.Actions.Contains(action)));

    /// <summary>Sends a participant's progress to them and to the facilitator (nobody else sees it).</summary>
    public static void Emit(WriteContext context, long personId)
    {
        if (EventStore.RoleOf(context, personId) != Access.Role.Participant)
        {
            return;
        }

        var rule = BadgeRuleStore.Load(context, context.EventId);
        var progress = ProgressStore.Load(context, rule, context.EventId, personId);
        context.Emit("progress", progress, Audience.Person(personId), mergeKey: "progress");
        context.Emit("progress", progress, Audience.Facilitator, mergeKey: $"progress:{personId}");
    }

    /// <summary>Everyone's progress again, after the rule changed.</summary>
    public static void EmitAll(WriteContext context, BadgeRule rule)
    {
        foreach (var progress in ProgressStore.All(context, rule, context.EventId))
        {
            context.Emit("progress", progress, Audience.Person(progress.PersonId), mergeKey: "progress");
            context.Emit("progress", progress, Audience.Facilitator, mergeKey: $"progress:{progress.PersonId}");
        }
    }
}
