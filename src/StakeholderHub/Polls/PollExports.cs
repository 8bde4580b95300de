using System.Globalization;
using StakeholderHub.Access;
using StakeholderHub.Data;

namespace StakeholderHub.Polls;

/// <summary>Every poll's and word cloud's results as CSV, for the facilitator: one row per option or word group.</summary>
public static class PollExports
{
    public static IEndpointRouteBuilder MapPollExports(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/polls/results.csv", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Snapshot();
            return ResultsCsv(sql, caller.EventId).Result(FileName);
        }).RequireRoles(Role.Facilitator);

        return routes;
    }

    public const string FileName = "poll-results.csv";

    /// <summary>Every poll's and word cloud's results, as the facilitator sees them: poll-results.csv and its copy in exports.zip.</summary>
    public static Csv ResultsCsv(IStoreReader sql, long eventId)
    {
        var csv = new Csv("poll", "kind", "question", "status", "voters", "option or answer", "votes", "percent", "points", "hidden", "held", "held for");
        foreach (var poll in PollStore.All(sql, eventId))
        {
            var id = poll.Id.ToString(CultureInfo.InvariantCulture);
            if (poll.Kind == "words")
            {
                var cloud = PollStore.Cloud(sql, poll.Id, staff: true);
                foreach (var word in cloud.Words)
                {
                    csv.Row(id, poll.Kind, poll.Question, poll.Status, Number(cloud.Voters), word.Text, Number(word.Count), "", "",
                        word.Hidden ? "yes" : "no", Number(word.Held), word.HeldReason ?? "");
                }

                continue;
            }

            var results = PollStore.Results(sql, poll);
            for (var i = 0; i < poll.Options.Count; i++)
            {
                csv.Row(id, poll.Kind, poll.Question, poll.Status, Number(results.Voters), poll.Options[i], Number(results.Counts[i]),
                    results.Percents[i].ToString("0.0", CultureInfo.InvariantCulture), Number(results.Points[i]), "", "", "");
            }
        }

        return csv;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
