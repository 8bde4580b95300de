using System.Data;
using Dapper;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Board;

/// <summary>A person's own upvotes, memberships and questions, read for their snapshot and sent to them after each change.</summary>
public static class MineStore
{
    public static Mine Load(IDbConnection connection, IDbTransaction? transaction, long personId)
    {
        var param = new { PersonId = personId };
        return new Mine(
            connection.Query<long>("SELECT proposal_id FROM proposal_votes WHERE person_id = @PersonId ORDER BY proposal_id", param, transaction).ToList(),
            connection.Query<MembershipRow>(
                """
                SELECT proposal_id AS ProposalId, intent AS Intent, note AS Note, share_contact AS ShareContact
                FROM proposal_members WHERE person_id = @PersonId ORDER BY proposal_id
                """, param, transaction).Select(row => new Membership(row.ProposalId, row.Intent, row.Note, row.ShareContact == 1)).ToList(),
            connection.Query<long>("SELECT question_id FROM question_votes WHERE person_id = @PersonId ORDER BY question_id", param, transaction).ToList(),
            connection.Query<long>("SELECT id FROM questions WHERE person_id = @PersonId ORDER BY id", param, transaction).ToList());
    }

    /// <summary>Sends the person their own state as it stands after this change.</summary>
    public static void Emit(WriteContext context, long eventId, long personId) =>
        context.Emit(eventId, "mine", Load(context.Connection, context.Transaction, personId), Audience.Person(personId), mergeKey: "mine");

    private sealed record MembershipRow(long ProposalId, string Intent, string Note, long ShareContact);
}
