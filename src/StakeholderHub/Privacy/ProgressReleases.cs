using StakeholderHub.Badges;
using StakeholderHub.Data;

namespace StakeholderHub.Privacy;

/// <summary>
/// How far the facilitator's copy of each participant's progress counts their anonymous questions (docs/privacy.md,
/// "Anonymous questions"). A release moves the mark to the person's newest evidence.
/// </summary>
public static class ProgressReleases
{
    /// <summary>The person did something named themselves: what they asked anonymously before it counts from now.</summary>
    public static void Release(WriteContext context, long personId) =>
        context.Execute(
            """
            INSERT INTO progress_releases (person_id, event_id, released_through)
            SELECT @PersonId, @EventId, COALESCE(MAX(id), 0) FROM evidence WHERE person_id = @PersonId
            ON CONFLICT (person_id) DO UPDATE SET released_through = excluded.released_through
            """,
            new { PersonId = personId, context.EventId });

    /// <summary>The session closed or the badges were issued: every participant's anonymous questions count.</summary>
    public static int ReleaseAll(WriteContext context) =>
        context.Execute(
            """
            INSERT INTO progress_releases (person_id, event_id, released_through)
            SELECT p.id, p.event_id, COALESCE(MAX(e.id), 0)
            FROM people p LEFT JOIN evidence e ON e.person_id = p.id
            WHERE p.event_id = @EventId AND p.role = 'participant'
            GROUP BY p.id, p.event_id
            ON CONFLICT (person_id) DO UPDATE SET released_through = excluded.released_through
            WHERE progress_releases.released_through <> excluded.released_through
            """,
            new { context.EventId });

    /// <summary>
    /// Releases everyone and, when that moved a mark, sends the facilitator everyone's copy (the session closed, the
    /// badges issued): all at once, so the release names nobody in particular.
    /// </summary>
    public static void ReleaseAllAndSend(WriteContext context)
    {
        if (ReleaseAll(context) > 0)
        {
            ProgressFollower.EmitAllToFacilitator(context, BadgeRuleStore.Load(context, context.EventId));
        }
    }
}
