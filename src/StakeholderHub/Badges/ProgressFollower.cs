using Dapper;
using StakeholderHub.Data;
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

        foreach (var (eventId, personId) in context.TouchedPeople
                     .Where(touched => touched.Action is null || BadgeRule.CountableActions.Contains(touched.Action))
                     .Select(touched => (touched.EventId, touched.PersonId))
                     .Distinct())
        {
            Emit(context, eventId, personId);
        }
    }

    /// <summary>Sends a participant's progress to them and to the facilitator (nobody else sees it).</summary>
    public static void Emit(WriteContext context, long eventId, long personId)
    {
        var role = context.ExecuteScalar<string?>("SELECT role FROM people WHERE id = @PersonId", new { PersonId = personId });
        if (role != "participant")
        {
            return;
        }

        var rule = BadgeRule.Load(context.Connection, context.Transaction, eventId);
        var progress = ProgressStore.Load(context.Connection, context.Transaction, rule, eventId, personId);
        context.Emit(eventId, "progress", progress, Audience.Person(personId), mergeKey: "progress");
        context.Emit(eventId, "progress", progress, Audience.Facilitator, mergeKey: $"progress:{personId}");
    }

    /// <summary>Everyone's progress again, after the rule changed.</summary>
    public static void EmitAll(WriteContext context, BadgeRule rule, long eventId)
    {
        foreach (var progress in ProgressStore.All(context.Connection, context.Transaction, rule, eventId))
        {
            context.Emit(eventId, "progress", progress, Audience.Person(progress.PersonId), mergeKey: "progress");
            context.Emit(eventId, "progress", progress, Audience.Facilitator, mergeKey: $"progress:{progress.PersonId}");
        }
    }
}
