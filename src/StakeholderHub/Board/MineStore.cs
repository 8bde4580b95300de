using System.Data;
using Dapper;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Board;

/// <summary>A person's own upvotes, memberships and questions, read for their snapshot and sent to them after each change.</summary>
public static class MineStore
{
    /// <summary>One statement for the four lists: it runs after every upvote and join, inside the writer's transaction.</summary>
    private const string Sql = """
            SELECT 'upvote' AS Kind, proposal_id AS Id, NULL AS Intent, NULL AS Note, 0 AS ShareContact FROM proposal_votes WHERE person_id = @PersonId
            UNION ALL
            SELECT 'member', proposal_id, intent, note, share_contact FROM proposal_members WHERE person_id = @PersonId
            UNION ALL
            SELECT 'question-upvote', question_id, NULL, NULL, 0 FROM question_votes WHERE person_id = @PersonId
            UNION ALL
            SELECT 'asked', id, NULL, NULL, 0 FROM questions WHERE person_id = @PersonId
            ORDER BY 1, 2
            """;

    public static Mine Load(IDbConnection connection, IDbTransaction? transaction, long personId) =>
        From(connection.Query<Row>(Sql, new { PersonId = personId }, transaction).ToList());

    /// <summary>Sends the person their own state as it stands after this change (a prepared statement of the writer).</summary>
    public static void Emit(WriteContext context, long eventId, long personId) =>
        context.Emit(eventId, "mine", From(context.Query<Row>(Sql, new { PersonId = personId }).ToList()), Audience.Person(personId), mergeKey: "mine");

    private static Mine From(List<Row> rows) =>
        new(
            rows.Where(row => row.Kind == "upvote").Select(row => row.Id).ToList(),
            rows.Where(row => row.Kind == "member").Select(row => new Membership(row.Id, row.Intent!, row.Note!, row.ShareContact == 1)).ToList(),
            rows.Where(row => row.Kind == "question-upvote").Select(row => row.Id).ToList(),
            rows.Where(row => row.Kind == "asked").Select(row => row.Id).ToList());

    private sealed class Row
    {
        public string Kind { get; init; } = "";

        public long Id { get; init; }

        public string? Intent { get; init; }

        public string? Note { get; init; }

        public long ShareContact { get; init; }
    }
}
