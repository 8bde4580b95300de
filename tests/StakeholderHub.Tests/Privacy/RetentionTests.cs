using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StakeholderHub.Tests.Polls;

namespace StakeholderHub.Tests.Privacy;

/// <summary>
/// Retention and purge (docs/privacy.md): with the hub's clock moved, the purge job purges an event once its retention
/// after closing has passed, exactly what it should (no name, organisation, e-mail or text of its people in any byte of
/// the store, counters equal to their rows, pseudonymous evidence kept, the badge still verifying), and leaves events
/// inside their retention alone; the facilitator purges now behind a confirmation; nobody else can.
/// </summary>
public sealed class RetentionTests : BoardTest
{
    private const string Name = "Zebediah Quillfeather";
    private const string Organisation = "Lighthouse Collective of Ostend";
    private const string OwnerName = "Jan Wolkenkrabber";
    private const string Question = "Who funds the QWERTYUIOP exchange?";
    private const string PracticeTitle = "Harbour walks ZXCVBNM";
    private const string Summary = "We map learning to badges MNBVCXZ.";
    private const string Word = "Sunflowerish";
    private const string Email = "zeb.checkin@example.org";
    private const string Staying = "Ophelia Staysputnik";
    private static readonly string[] Secrets = ["Zebediah", "Quillfeather", "Lighthouse Collective", OwnerName, "QWERTYUIOP", "ZXCVBNM", "MNBVCXZ", "LKJHGFDSA", Word, Email];

    private readonly MovableClock _clock = new();

    protected override Dictionary<string, string?>? Settings => new() { ["Privacy:PurgeCheckSeconds"] = "1" };

    protected override TimeProvider? Clock => _clock;

    [Fact]
    public async Task TheJobPurgesAnEventPastItsRetentionAndLeavesTheOthersAlone()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite(OwnerName, "Stad Antwerpen"));
        var proposal = await Room.CreateProposal(owner, Room.ProposalInput("Open Badges for youth workers", ("summary", Summary)));
        var zebediah = await Room.Join(Name, Organisation, "NL", Email, badgeEmail: true);
        var zeb = await Room.Connect(zebediah);
        await zeb.Call("JoinProposal", proposal, Room.Membership("partner", "Happy to host", shareContact: true, email: Email));
        await zeb.Call("UpvoteProposal", proposal);
        var question = await Room.Ask(zeb, Room.QuestionInput(Question));
        await zeb.Call("SharePractice", new { title = PracticeTitle, text = "We walk the docks." });
        var cloud = (await facilitator.Call("CreatePoll", PollTests.Input("words", "One word", []))).Id!.Value;
        await facilitator.Call("OpenPoll", cloud);
        await zeb.Call("VotePoll", cloud, PollTests.Words(Word));
        await zeb.Call("SaveReflection", new { takeHome = "Partners in Lisbon LKJHGFDSA.", contribute = "" });
        var badge = (await zeb.Invoke("ClaimBadge", new { email = Email, contact = true })).GetProperty("badge").GetProperty("id").GetString()!;

        // Another session, closed at the same time but kept for a year.
        var (other, otherFacilitator, _) = await Server.CreateEvent("Kept for a year");
        var ophelia = await BoardHttp.Post(Server, null, "/api/join", new { code = other.JoinCode, name = Staying, organisation = "Kept Org", country = "BE" });
        await BoardHttp.Post(Server, otherFacilitator, "/api/privacy/settings", new { retentionDays = 365 });
        await (await Room.Connect(otherFacilitator, "other facilitator")).Call("CloseEvent");
        var closed = await facilitator.Call("CloseEvent");
        await projector.WaitForVersion(closed.Version);

        var settings = await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/privacy/settings");
        Assert.Equal(RetentionDefault, settings.GetProperty("retentionDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("purgedAt").ValueKind);

        // 89 days on: inside the retention, nothing happens.
        _clock.Advance(TimeSpan.FromDays(89));
        await Task.Delay(2500);
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM events WHERE purged_at IS NOT NULL"));
        Assert.Contains(Name, await (await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/questions.csv")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // 91 days on: the session is purged on its own; the other, kept for a year, is not.
        _clock.Advance(TimeSpan.FromDays(2));
        await WaitFor(() => Room.Scalar("SELECT COUNT(*) FROM events WHERE id = @EventId AND purged_at IS NOT NULL", new { Room.EventId }) == 1, "the purge");
        await projector.WaitUntil(c => !c.Questions.ContainsKey(question) && c.Practices.Count == 0 && c.Upvotes(proposal) == 0 && c.MemberCount(proposal) == 0,
            "the room emptied");
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role IN ('participant', 'stakeholder') AND erased_at IS NULL", new { Room.EventId }));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM people WHERE event_id = @Id AND erased_at IS NOT NULL", new { Id = other.EventId }));
        Assert.Null(Room.Scalar<long?>("SELECT purged_at FROM events WHERE id = @Id", new { Id = other.EventId }));

        // Counts equal their rows; the evidence stays, pseudonymous; the badge still verifies.
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposals p WHERE upvotes <> (SELECT COUNT(*) FROM proposal_votes v WHERE v.proposal_id = p.id) OR members <> (SELECT COUNT(*) FROM proposal_members m WHERE m.proposal_id = p.id)"));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM questions q WHERE upvotes <> (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id)"));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM questions WHERE event_id = @EventId", new { Room.EventId }));
        Assert.True(Room.Scalar("SELECT COUNT(*) FROM evidence WHERE person_id = @Id", new { zebediah.Id }) >= 5);
        var verification = JsonDocument.Parse(await Server.Http.GetStringAsync($"badges/{badge}/verification")).RootElement;
        Assert.Equal("valid", verification.GetProperty("status").GetString());
        using (var refused = await BoardHttp.Get(Server, zebediah.Token, "/api/snapshot"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var exports = new StringBuilder();
        foreach (var path in new[] { "/api/questions.csv", "/api/badges/earners.csv", "/api/badges/credentials.json", $"/api/proposals/{proposal}/members.csv", "/api/snapshot" })
        {
            exports.Append(await (await BoardHttp.Get(Server, Server.FacilitatorToken, path)).Content.ReadAsStringAsync());
        }

        exports.Append(await Server.Http.GetStringAsync($"badges/{badge}"));
        exports.Append((await facilitator.SyncRaw(1)).GetRawText());
        AssertGone(exports.ToString());
        Assert.Contains(Staying, await (await BoardHttp.Get(Server, otherFacilitator, "/api/snapshot")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(ophelia.GetProperty("person").GetProperty("id").GetInt64() > 0);

        await Server.Stop();
        var stored = StoredBytes.Of(Server);
        AssertGone(stored);
        Assert.Contains(Staying, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFacilitatorPurgesNowAfterConfirmingAndNobodyElseCan()
    {
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Invite(OwnerName, "Stad Antwerpen");
        var zebediah = await Room.Join(Name, Organisation, "NL", Email);
        var zeb = await Room.Connect(zebediah);
        var question = await Room.Ask(zeb, Room.QuestionInput(Question));
        await projector.WaitUntil(c => c.Questions.ContainsKey(question), "the question");

        // Others are refused, and so is the facilitator without the confirmation; nothing is stored.
        var before = Room.Dump();
        foreach (var token in new[] { zebediah.Token, owner.Token, Server.ProjectorToken })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(token, "/api/privacy/purge", new { confirm = true })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(token, "/api/privacy/settings", new { retentionDays = 0 })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, token, "/api/privacy/settings")).StatusCode);
        }

        using (var unconfirmed = await Send(Server.FacilitatorToken, "/api/privacy/purge", new { confirm = false }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            Assert.Contains("confirm", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(Server.FacilitatorToken, "/api/privacy/settings", new { retentionDays = 4000 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(Server.FacilitatorToken, "/api/privacy/settings", new { controller = "No days" })).StatusCode);
        Assert.Equal(before, Room.Dump());

        // An event not closed is never due, whatever the clock says; purge-now does not wait for it.
        _clock.Advance(TimeSpan.FromDays(400));
        await Task.Delay(1500);
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM events WHERE purged_at IS NOT NULL"));

        var purged = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/privacy/purge", new { confirm = true });
        Assert.True(purged.GetProperty("purged").GetBoolean());
        Assert.Equal(2, purged.GetProperty("erased").GetInt32());
        await projector.WaitUntil(c => c.Version >= purged.GetProperty("version").GetInt64() && !c.Questions.ContainsKey(question), "the question gone");
        var again = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/privacy/purge", new { confirm = true });
        Assert.False(again.GetProperty("purged").GetBoolean());
        Assert.Equal(JsonValueKind.String, (await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/privacy/settings")).GetProperty("purgedAt").ValueKind);

        await Server.Stop();
        AssertGone(StoredBytes.Of(Server));
    }

    [Fact]
    public async Task TheEventsControllerTextComesBeforeTheDeployments()
    {
        var (other, _, _) = await Server.CreateEvent("Another session");
        Assert.Equal(JsonValueKind.Null, (await Controller(Server.JoinCode)).ValueKind);

        var set = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/privacy/settings",
            new { retentionDays = 30, controller = "CAP-City vzw, Antwerp, is the controller." });
        Assert.True(set.GetProperty("version").GetInt64() > 0);
        Assert.Equal("CAP-City vzw, Antwerp, is the controller.", (await Controller(Server.JoinCode)).GetString());
        Assert.Equal(JsonValueKind.Null, (await Controller(other.JoinCode)).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await Controller(null)).ValueKind);
        var settings = await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/privacy/settings");
        Assert.Equal(30, settings.GetProperty("retentionDays").GetInt32());
    }

    private const int RetentionDefault = 90;

    private async Task<JsonElement> Controller(string? code) =>
        (await BoardHttp.GetJson(Server, Server.FacilitatorToken, code is null ? "/api/privacy" : $"/api/privacy?code={code}")).GetProperty("controller");

    private async Task<HttpResponseMessage> Send(string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Http.SendAsync(request);
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    private static void AssertGone(string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
