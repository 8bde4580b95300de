using StakeholderHub.Data;

namespace StakeholderHub.Organisers;

/// <summary>
/// Deleting an event and everything of it from the store, children before parents (the foreign keys hold on both
/// stores). The evidence, append-only otherwise, may go because the event is marked <c>deleting</c> in the same
/// transaction (migration 0014). A table that gains an <c>event_id</c> must be added here:
/// <c>OrganiserEventTests.DeletingAnEventRemovesEveryRowOfIt</c> looks for rows of the event in every table that has one.
/// </summary>
public static class EventDeletion
{
    /// <summary>Rows of the event that sit under another of its rows (no <c>event_id</c> of their own), deleted first.</summary>
    private static readonly string[] Children =
    [
        "DELETE FROM poll_hidden_words WHERE poll_id IN (SELECT id FROM polls WHERE event_id = @EventId)",
        "DELETE FROM poll_words WHERE poll_id IN (SELECT id FROM polls WHERE event_id = @EventId)",
        "DELETE FROM poll_choices WHERE poll_id IN (SELECT id FROM polls WHERE event_id = @EventId)",
        "DELETE FROM question_votes WHERE question_id IN (SELECT id FROM questions WHERE event_id = @EventId)",
        "DELETE FROM proposal_votes WHERE proposal_id IN (SELECT id FROM proposals WHERE event_id = @EventId)",
        "DELETE FROM proposal_members WHERE proposal_id IN (SELECT id FROM proposals WHERE event_id = @EventId)",
    ];

    /// <summary>The tables with an <c>event_id</c>, in an order the foreign keys allow; <c>events</c> goes last.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "proposal_updates", "owner_contacts", "polls", "questions", "pitches", "proposals", "practices", "reflections", "progress_releases", "credentials",
        "evidence", "badge_rules", "reaction_counts", "filter_words", "connections", "broadcasts", "changes", "agenda_items",
        "people",
    ];

    /// <summary>Every table a deletion rewrites, for <see cref="Dialect.Compact"/>.</summary>
    public static IReadOnlyList<string> Touched =>
        [.. Tables, "poll_hidden_words", "poll_words", "poll_choices", "question_votes", "proposal_votes", "proposal_members", "events"];

    /// <summary>Deletes the event of <paramref name="context"/>; answers the ids of the people it had (to forget their tokens).</summary>
    public static IReadOnlyList<long> Delete(WriteContext context)
    {
        var parameters = new { context.EventId };
        var people = context.Query<long>("SELECT id FROM people WHERE event_id = @EventId", parameters).ToList();
        context.Execute("UPDATE events SET deleting = 1 WHERE id = @EventId", parameters);
        foreach (var statement in Children)
        {
            context.Execute(statement, parameters);
        }

        foreach (var table in Tables)
        {
            context.Execute($"DELETE FROM {table} WHERE event_id = @EventId", parameters);
        }

        context.Execute("DELETE FROM events WHERE id = @EventId", parameters);
        foreach (var personId in people)
        {
            context.Revoke(personId);
        }

        return people;
    }
}
