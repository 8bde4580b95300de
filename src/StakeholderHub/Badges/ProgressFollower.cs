using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Privacy;
using StakeholderHub.Realtime;

namespace StakeholderHub.Badges;

/// <summary>
/// Keeps badge progress live: after every change that wrote a countable evidence action for a participant (or that
/// touched what counts, such as hiding their practice), sends that participant their progress as it now stands, in
/// the same transaction and version as the change. The facilitator's copy is sent only when the change named the
/// participant anyway: a change about their anonymous question alone (asked, dismissed, restored) sends the
/// facilitator nothing, and their next named countable action releases it (docs/privacy.md).
/// </summary>
public sealed class ProgressFollower : IChangeFollower
{
    public void Follow(WriteContext context)
    {
        if (context.TouchedPeople.Count == 0)
        {
            return;
        }

        foreach (var touched in context.TouchedPeople
                     .Where(touched => touched.Action is null || Counts(context, touched.Action))
                     .GroupBy(touched => touched.PersonId))
        {
            Emit(context, touched.Key, toFacilitator: touched.Any(one => !one.Anonymous),
                release: touched.Any(one => one.Action is not null && !one.Anonymous));
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

    /// <summary>
    /// Sends a participant's progress to them and (unless it would name an anonymous asker) the facilitator's copy.
    /// With <paramref name="release"/> (they did something named themselves), what they asked anonymously before
    /// counts in the facilitator's copy from now on (<see cref="ProgressReleases.Release"/>; not written when nothing of
    /// theirs waits to be released). Their role, credential and evidence come from one read.
    /// </summary>
    public static void Emit(WriteContext context, long personId, bool toFacilitator = true, bool release = false)
    {
        if (ProgressStore.ForWriter(context, context.EventId, personId) is not { } person)
        {
            return;
        }

        if (release && person.Unreleased)
        {
            ProgressReleases.Release(context, personId);
            person = person.Released();
        }

        if (person.Role != Access.Role.Participant)
        {
            return;
        }

        var rule = BadgeRuleStore.Load(context, context.EventId);
        var badge = person.HoldsCredential ? CredentialStore.Summary(context, personId) : null;
        var (own, released) = ProgressStore.Both(rule, personId, person, badge);
        context.Emit("progress", own, Audience.Person(personId), mergeKey: "progress");
        if (toFacilitator)
        {
            context.Emit("progress", released, Audience.Facilitator, mergeKey: $"progress:{personId}");
        }
    }

    /// <summary>Everyone's progress again, after the rule changed (the facilitator's copies as released so far).</summary>
    public static void EmitAll(WriteContext context, BadgeRule rule)
    {
        foreach (var progress in ProgressStore.All(context, rule, context.EventId, released: false))
        {
            context.Emit("progress", progress, Audience.Person(progress.PersonId), mergeKey: "progress");
        }

        EmitAllToFacilitator(context, rule);
    }

    /// <summary>The facilitator's copy of everyone's progress, after a release of all (the session closed, badges issued).</summary>
    public static void EmitAllToFacilitator(WriteContext context, BadgeRule rule)
    {
        foreach (var progress in ProgressStore.All(context, rule, context.EventId, released: true))
        {
            context.Emit("progress", progress, Audience.Facilitator, mergeKey: $"progress:{progress.PersonId}");
        }
    }
}
