using System.Globalization;
using System.Text;
using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Questions;

namespace StakeholderHub.Board;

/// <summary>
/// CSV downloads that work while the session is live: a proposal's joiners for its owner and the facilitator (e-mail
/// only where consented), and every question with its answer for the facilitator.
/// </summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        api.MapGet("/proposals/{id:long}/members.csv", async (long id, HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            var proposal = ProposalStore.Find(sql, caller.EventId, id)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {id} in this session.");
            // The facilitator downloads any proposal's joiners; a stakeholder those of their own.
            if (caller.Role != Role.Facilitator && proposal.OwnerId != caller.Id)
            {
                Refusal.Forbidden("Only the proposal's owner and the facilitator can download who joined it.");
            }

            return Members(sql, caller.EventId, id).Result(MembersFileName(id));
        }).RequireRoles(Role.Stakeholder, Role.Facilitator);

        api.MapGet("/questions.csv", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            return Questions(sql, caller.EventId).Result(QuestionsFileName);
        }).RequireRoles(Role.Facilitator);

        return routes;
    }

    public const string QuestionsFileName = "questions.csv";

    public static string MembersFileName(long proposalId) => $"proposal-{proposalId.ToString(CultureInfo.InvariantCulture)}-joiners.csv";

    /// <summary>Who joined a proposal (e-mail only where they agreed to share it): the members.csv download and its copy in exports.zip.</summary>
    public static Csv Members(IStoreReader sql, long eventId, long proposalId)
    {
        var csv = new Csv("name", "organisation", "country", "intent", "note", "shares contact", "email", "joined at (UTC)");
        foreach (var member in ProposalStore.Members(sql, eventId, ownerId: null, proposalId: proposalId))
        {
            csv.Row(member.Name, member.Organisation, member.Country, member.Intent, member.Note,
                member.ShareContact ? "yes" : "no", member.Email ?? "", Time(member.JoinedAt));
        }

        return csv;
    }

    /// <summary>Every question with its answer, an anonymous one without its asker: questions.csv and its copy in exports.zip.</summary>
    public static Csv Questions(IStoreReader sql, long eventId)
    {
        var csv = new Csv("id", "asked at (UTC)", "target", "asker", "status", "upvotes", "question", "answer", "answered live", "answered by", "answered at (UTC)");
        foreach (var row in QuestionStore.All(sql, eventId))
        {
            var question = row.View();
            csv.Row(
                question.Id.ToString(CultureInfo.InvariantCulture),
                Time(question.CreatedAt),
                question.Target.Id is { } target ? $"{question.Target.Kind} {target}" : question.Target.Kind ?? "",
                question.Anonymous ? "anonymous" : $"{question.AskerName} ({question.AskerOrganisation})",
                question.Status,
                question.Upvotes.ToString(CultureInfo.InvariantCulture),
                question.Text,
                question.Answer?.Text ?? "",
                question.Answer is { Live: true } ? "yes" : "no",
                question.Answer?.ByName ?? "",
                question.Answer is { } answer ? Time(answer.At) : "");
        }

        return csv;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
