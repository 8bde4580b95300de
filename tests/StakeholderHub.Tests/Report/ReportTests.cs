using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Dapper;

namespace StakeholderHub.Tests.Report;

/// <summary>
/// The session report's figures are the store's (counted here with SQL of the test's own), on SQLite and PostgreSQL;
/// the zip of every export holds each file with the same bytes as its single download; only the facilitator reads them.
/// </summary>
public sealed class ReportTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new() { ["RateLimit:Burst"] = "100000", ["RateLimit:PerSecond"] = "100000" };

    private long Count(string sql, object? args = null) => Room.Scalar(sql, args ?? new { Room.EventId });

    [Fact]
    public async Task TheReportsFiguresAreTheStoresAndShowNoPerson()
    {
        var session = await ReportSession.Script(Room);

        var report = await ReportSession.Report(Server);

        // Check-ins: every participant row (the erased one too), over time and by country (without the erased one).
        var checkIns = report.GetProperty("checkIns");
        var participants = Count("SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'participant'");
        Assert.Equal(6, participants);
        Assert.Equal(participants, checkIns.GetProperty("total").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'participant' AND erased_at IS NOT NULL"),
            checkIns.GetProperty("erased").GetInt64());
        Assert.Equal(1, checkIns.GetProperty("erased").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'stakeholder'"), checkIns.GetProperty("stakeholders").GetInt64());
        var overTime = checkIns.GetProperty("overTime").EnumerateArray().ToList();
        Assert.Equal(participants, overTime.Sum(bucket => bucket.GetProperty("count").GetInt64()));
        Assert.Equal(participants, overTime[^1].GetProperty("total").GetInt64());
        Assert.Equal(5, checkIns.GetProperty("bucketMinutes").GetInt32());
        Assert.InRange(overTime.Count, 1, 2);
        using (var db = Room.Db())
        {
            var countries = db.Query<(string Country, long Count)>(
                "SELECT country, COUNT(*) FROM people WHERE event_id = @EventId AND role = 'participant' AND erased_at IS NULL GROUP BY country",
                new { Room.EventId }).ToDictionary(row => row.Country, row => row.Count);
            Assert.Equal(new Dictionary<string, long> { ["BE"] = 2, ["NL"] = 1, ["PT"] = 1, ["DE"] = 1 }, countries);
            Assert.Equal(countries, checkIns.GetProperty("byCountry").EnumerateArray()
                .ToDictionary(c => c.GetProperty("country").GetString()!, c => c.GetProperty("count").GetInt64()));
        }

        // Proposals, ranked by upvotes, each with its joins by intent.
        var proposals = report.GetProperty("proposals").EnumerateArray().ToList();
        Assert.Equal(Count("SELECT COUNT(*) FROM proposals WHERE event_id = @EventId"), proposals.Count);
        Assert.Equal(new[] { session.Badges, session.Map }, proposals.Select(p => p.GetProperty("id").GetInt64()));
        foreach (var proposal in proposals)
        {
            var id = new { Id = proposal.GetProperty("id").GetInt64() };
            Assert.Equal(Room.Scalar("SELECT COUNT(*) FROM proposal_votes WHERE proposal_id = @Id", id), proposal.GetProperty("upvotes").GetInt64());
            Assert.Equal(Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE proposal_id = @Id", id), proposal.GetProperty("joined").GetInt64());
            foreach (var (intent, field) in new[] { ("partner", "partners"), ("co-applicant", "coApplicants"), ("observer", "observers") })
            {
                Assert.Equal(Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE proposal_id = @Id AND intent = @Intent", new { id.Id, Intent = intent }),
                    proposal.GetProperty(field).GetInt64());
            }
        }

        Assert.Equal((3L, 1L, 1L, 1L), Figures(proposals[0]));
        // Femke's upvote and co-applicant join went with her.
        Assert.Equal((1L, 1L, 0L, 1L), Figures(proposals[1]));

        // Questions: answered live, in writing, not at all, and dismissed add up to those asked (Femke's went with her).
        var questions = report.GetProperty("questions");
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId"), questions.GetProperty("asked").GetInt64());
        Assert.Equal(4, questions.GetProperty("asked").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId AND answered_at IS NOT NULL AND answer_live = 1"),
            questions.GetProperty("answeredLive").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId AND answered_at IS NOT NULL AND answer_live = 0"),
            questions.GetProperty("answeredInWriting").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId AND answered_at IS NULL AND status <> 'dismissed'"),
            questions.GetProperty("unanswered").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId AND answered_at IS NULL AND status = 'dismissed'"),
            questions.GetProperty("dismissed").GetInt64());
        Assert.Equal((1L, 1L, 1L, 1L), (questions.GetProperty("answeredLive").GetInt64(), questions.GetProperty("answeredInWriting").GetInt64(),
            questions.GetProperty("unanswered").GetInt64(), questions.GetProperty("dismissed").GetInt64()));
        Assert.Equal(Count("SELECT COUNT(*) FROM questions WHERE event_id = @EventId AND anonymous = 1"), questions.GetProperty("anonymous").GetInt64());

        Assert.Equal(Count("SELECT COUNT(*) FROM practices WHERE event_id = @EventId"), report.GetProperty("practices").GetProperty("shared").GetInt64());
        Assert.Equal(1, report.GetProperty("practices").GetProperty("shared").GetInt64());

        // The poll's results.
        var poll = Assert.Single(report.GetProperty("polls").EnumerateArray());
        Assert.Equal(session.Poll, poll.GetProperty("id").GetInt64());
        Assert.Equal("closed", poll.GetProperty("status").GetString());
        Assert.Equal(Room.Scalar("SELECT COUNT(DISTINCT person_id) FROM poll_choices WHERE poll_id = @Poll", new { session.Poll }), poll.GetProperty("voters").GetInt64());
        var options = poll.GetProperty("options").EnumerateArray().ToList();
        for (var option = 0; option < 3; option++)
        {
            Assert.Equal(Room.Scalar("SELECT COUNT(*) FROM poll_choices WHERE poll_id = @Poll AND option = @Option", new { session.Poll, Option = option }),
                options[option].GetProperty("votes").GetInt64());
        }

        Assert.Equal(new[] { 2L, 0L, 1L }, options.Select(o => o.GetProperty("votes").GetInt64()));

        // The badge funnel: checked in, each step as the facilitator's badge panel counts it, eligible, issued.
        var badges = report.GetProperty("badges");
        Assert.Equal(participants, badges.GetProperty("checkedIn").GetInt64());
        Assert.Equal(Count("SELECT COUNT(*) FROM credentials WHERE event_id = @EventId AND revoked_at IS NULL"), badges.GetProperty("issued").GetInt64());
        Assert.Equal(1, badges.GetProperty("issued").GetInt64());
        await session.Facilitator.WaitUntil(c => c.Progress.Count == 6 && c.Progress.Values.Count(p => p["badge"] is not null) == 1, "everyone's progress and the badge");
        var progress = session.Facilitator.Read(c => c.Progress.Values.Select(p => p.DeepClone().AsObject()).ToList());
        Assert.Equal(participants, progress.Count);
        Assert.Equal(progress.Count(p => p["eligible"]!.GetValue<bool>()), badges.GetProperty("eligible").GetInt64());
        var steps = badges.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("done").GetInt64());
        Assert.Equal(new[] { "checked_in", "joined_proposal", "asked_or_shared", "reflected" }, steps.Keys);
        foreach (var (key, done) in steps)
        {
            Assert.Equal(progress.Count(p => p["steps"]!.AsArray().Any(s => s!["key"]!.GetValue<string>() == key && s["done"]!.GetValue<bool>())), done);
        }

        Assert.Equal(Count("SELECT COUNT(DISTINCT e.person_id) FROM evidence e JOIN people p ON p.id = e.person_id WHERE e.event_id = @EventId AND p.role = 'participant' AND e.action = 'joined_proposal'"),
            steps["joined_proposal"]);
        Assert.Equal(participants, steps["checked_in"]);
        Assert.Equal(1, steps["reflected"]);

        // Aggregates only: no name, no question's text, no asker.
        var text = report.GetRawText();
        Assert.All(session.Names.Concat(session.Texts), value => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheZipHoldsEveryExportWithTheBytesOfItsSingleDownload()
    {
        var session = await ReportSession.Script(Room);

        var response = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/exports.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var singles = new Dictionary<string, string>
        {
            ["questions.csv"] = "/api/questions.csv",
            [$"proposal-{session.Badges}-joiners.csv"] = $"/api/proposals/{session.Badges}/members.csv",
            [$"proposal-{session.Map}-joiners.csv"] = $"/api/proposals/{session.Map}/members.csv",
            ["poll-results.csv"] = "/api/polls/results.csv",
            ["agenda.csv"] = "/api/agenda.csv",
            ["ecosystem-explorer-earners.csv"] = "/api/badges/earners.csv",
            ["ecosystem-explorer-credentials.json"] = "/api/badges/credentials.json",
        };
        Assert.Equal(singles.Keys.Append("session-report.json").Order(), zip.Entries.Select(entry => entry.FullName).Order());
        foreach (var (name, path) in singles)
        {
            var single = await (await BoardHttp.Get(Server, Server.FacilitatorToken, path)).Content.ReadAsByteArrayAsync();
            Assert.True(single.Length > 3, $"{path} is not empty");
            Assert.True(single.AsSpan().SequenceEqual(Read(zip, name)), $"{name} in the zip has the bytes of {path}");
        }

        // The credentials: the one issued, signed.
        var credentials = JsonDocument.Parse(Read(zip, "ecosystem-explorer-credentials.json")).RootElement.GetProperty("credentials");
        var credential = Assert.Single(credentials.EnumerateArray());
        Assert.Equal(session.BadgeId, credential.GetProperty("id").GetString());
        Assert.Equal("valid", credential.GetProperty("status").GetString());
        Assert.Equal(3, credential.GetProperty("jwt").GetString()!.Split('.').Length);

        // The report's figures as the page shows them.
        var report = JsonDocument.Parse(Read(zip, "session-report.json")).RootElement;
        Assert.Equal(6, report.GetProperty("checkIns").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task OnlyTheFacilitatorReadsTheReportAndTheZip()
    {
        var ana = await Room.Join("Ana Peeters");
        var jan = await Room.Invite("Jan De Smet");
        foreach (var path in new[] { "/api/report", "/api/exports.zip" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, ana.Token, path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, jan.Token, path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, Server.ProjectorToken, path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, null, path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, Server.FacilitatorToken, path)).StatusCode);
        }
    }

    [Fact]
    public async Task EachEventsReportCountsOnlyItsOwnSession()
    {
        await ReportSession.Script(Room);
        var other = await Server.CreateEvent("Lisbon study visit");

        var report = await BoardHttp.GetJson(Server, other.FacilitatorToken, "/api/report");

        Assert.Equal("Lisbon study visit", report.GetProperty("title").GetString());
        Assert.Equal(0, report.GetProperty("checkIns").GetProperty("total").GetInt64());
        Assert.Empty(report.GetProperty("checkIns").GetProperty("overTime").EnumerateArray());
        Assert.Empty(report.GetProperty("proposals").EnumerateArray());
        Assert.Equal(0, report.GetProperty("questions").GetProperty("asked").GetInt64());
        Assert.Empty(report.GetProperty("polls").EnumerateArray());
        Assert.Equal(0, report.GetProperty("badges").GetProperty("issued").GetInt64());
    }

    private static (long Upvotes, long Partners, long CoApplicants, long Observers) Figures(JsonElement proposal) => (
        proposal.GetProperty("upvotes").GetInt64(), proposal.GetProperty("partners").GetInt64(),
        proposal.GetProperty("coApplicants").GetInt64(), proposal.GetProperty("observers").GetInt64());

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
