using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Badges;

/// <summary>The event's badge rule, and issuing and revoking the EcoSystem Explorer badge.</summary>
public sealed class BadgeService(ChangeWriter writer)
{
    /// <summary>Changes the thresholds of the event's rule; everyone's progress follows at once.</summary>
    public Task<Ack> SetRule(Person caller, BadgeRuleInput? input)
    {
        caller.Require(Role.Facilitator, "change the badge rule");
        return writer.Write(context =>
        {
            var current = BadgeRule.Load(context.Connection, context.Transaction, caller.EventId);
            var rule = current.With(input);
            if (rule.Steps.Select(step => step.Min).SequenceEqual(current.Steps.Select(step => step.Min)))
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            rule.Save(context, caller.EventId);
            context.Emit(caller.EventId, "badge.rule", rule.View(), mergeKey: "badge.rule");
            ProgressFollower.EmitAll(context, caller.EventId);
            return new Ack(context.Version(caller.EventId));
        });
    }
}
