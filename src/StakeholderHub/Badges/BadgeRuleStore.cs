using System.Text.Json;
using StakeholderHub.Data;

namespace StakeholderHub.Badges;

/// <summary>The SQL of the events' badge rules (table <c>badge_rules</c>); events without one use <see cref="BadgeRule.Default"/>.</summary>
public static class BadgeRuleStore
{
    public static BadgeRule Load(IStoreReader sql, long eventId)
    {
        var json = sql.ExecuteScalar<string?>("SELECT rule FROM badge_rules WHERE event_id = @EventId", new { EventId = eventId });
        // Only the thresholds are stored per event: the steps' definitions stay those of this version of the hub.
        return json is null
            ? BadgeRule.Default
            : BadgeRule.WithThresholds(JsonSerializer.Deserialize<Dictionary<string, int>>(json, Json.Options) ?? []);
    }

    /// <summary>In the writer the rule is read once per transaction: every countable interaction of a storm needs it.</summary>
    public static BadgeRule Load(WriteContext context, long eventId) =>
        context.Remembered(Key(eventId), () => Load((IStoreReader)context, eventId));

    private static string Key(long eventId) => $"badge-rule:{eventId}";

    public static void Save(WriteContext context, BadgeRule rule)
    {
        context.Forget(Key(context.EventId));
        context.Execute(
            """
            INSERT INTO badge_rules (event_id, rule, updated_at) VALUES (@EventId, @Rule, @Now)
            ON CONFLICT (event_id) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at
            """,
            new { context.EventId, Rule = JsonSerializer.Serialize(rule.Thresholds(), Json.Options), Now = context.NowMs });
    }
}
