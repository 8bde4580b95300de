using System.Net;
using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Privacy;

/// <summary>
/// A participant downloads their data and erases themselves: what they wrote disappears from the room live, their
/// name, organisation, e-mails and texts are in no byte of the store and no export, the counts equal their rows,
/// their token stops working, and their badge still verifies. The facilitator removes a person the same way.
/// </summary>
public sealed class ErasureTests : BoardTest
{
    private const string Name = "Zebediah Quillfeather";
    private const string Organisation = "Lighthouse Collective of Ostend";
    private const string Question = "Who funds the QWERTYUIOP exchange?";
    private const string PracticeTitle = "Harbour walks ZXCVBNM";
    private const string PracticeText = "We walk the docks with newcomers ASDFGHJKL.";
    private const string Note = "Happy to host POIUYTREWQ";
    private const string TakeHome = "Partners in Lisbon LKJHGFDSA.";
    private static readonly string[] Emails = ["zeb.checkin@example.org", "zeb.member@example.org", "zeb.badge@example.org"];

    [Fact]
    public async Task AnErasedParticipantLeavesNoTraceButPseudonymousEvidenceAndAVerifiableBadge()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var proposal = await Room.CreateProposal(owner);
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var zebediah = await Room.Join(Name, Organisation, "NL", Emails[0], badgeEmail: true);
        var zeb = await Room.Connect(zebediah);
        await zeb.Call("JoinProposal", proposal, Room.Membership("partner", Note, shareContact: true, email: Emails[1]));
        await zeb.Call("UpvoteProposal", proposal);
        var question = await Room.Ask(zeb, Room.QuestionInput(Question));
        var brams = await Room.Ask(bram, Room.QuestionInput("Is there a budget for travel?"));
        await bram.Call("UpvoteQuestion", question);
        await zeb.Call("UpvoteQuestion", brams);
        var practice = (await zeb.Call("SharePractice", new { title = PracticeTitle, text = PracticeText })).Id!.Value;
        var cloud = (await facilitator.Call("CreatePoll", Polls.PollTests.Input("words", "One word", []))).Id!.Value;
        await facilitator.Call("OpenPoll", cloud);
        await zeb.Call("VotePoll", cloud, Polls.PollTests.Words("Marmaladeword", "Trust"));
        await bram.Call("VotePoll", cloud, Polls.PollTests.Words("Trust"));
        var saved = await zeb.Call("SaveReflection", new { takeHome = TakeHome, contribute = "" });
        await zeb.WaitForVersion(saved.Version);
        var badge = (await zeb.Invoke("ClaimBadge", new { email = Emails[2], contact = true })).GetProperty("badge").GetProperty("id").GetString()!;
        await facilitator.Call("ShowQuestion", question);
        await projector.WaitUntil(c => c.Questions.ContainsKey(question) && c.ScreenQuestionId == question, "the question on the screen");

        // My data: everything, the question and the e-mails included.
        var mine = await (await BoardHttp.Get(Server, zebediah.Token, "/api/me/data")).Content.ReadAsStringAsync();
        foreach (var held in new[] { Name, Organisation, Question, PracticeTitle, Note, TakeHome, Emails[0], Emails[1], Emails[2], badge })
        {
            Assert.Contains(held, mine, StringComparison.Ordinal);
        }

        var answer = await BoardHttp.Post(Server, zebediah.Token, "/api/me/erase", new { });
        var version = answer.GetProperty("version").GetInt64();

        // The room sees it go.
        await projector.WaitUntil(c => c.Version >= version && !c.Questions.ContainsKey(question) && c.ScreenQuestionId is null, "the question gone from the screen");
        await bram.WaitUntil(c => c.Version >= version && c.Upvotes(proposal) == 0 && c.MemberCount(proposal) == 0 && c.QuestionUpvotes(brams) == 0, "the counts");
        Assert.DoesNotContain(practice, projector.Read(c => c.Practices.Keys.ToList()));
        await projector.WaitUntil(c => c.Cloud(cloud).Count == 1, "the cloud without their word");
        Assert.Equal(1, projector.Read(c => c.Cloud(cloud)).Values.Single());

        // Counts equal their rows; the evidence is still there, pseudonymous.
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposals p WHERE upvotes <> (SELECT COUNT(*) FROM proposal_votes v WHERE v.proposal_id = p.id) OR members <> (SELECT COUNT(*) FROM proposal_members m WHERE m.proposal_id = p.id)"));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM questions q WHERE upvotes <> (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id)"));
        Assert.True(Room.Scalar("SELECT COUNT(*) FROM evidence WHERE person_id = @Id", new { zebediah.Id }) >= 6);

        // The token no longer works; the badge still verifies, and its page no longer names them.
        using var refused = await BoardHttp.Get(Server, zebediah.Token, "/api/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var verification = JsonNode.Parse(await Server.Http.GetStringAsync($"badges/{badge}/verification"))!;
        Assert.Equal("valid", verification["status"]!.GetValue<string>());

        var exports = new List<string>();
        foreach (var path in new[] { "/api/questions.csv", "/api/badges/earners.csv", "/api/badges/credentials.json", $"/api/proposals/{proposal}/members.csv", "/api/snapshot" })
        {
            exports.Add(await (await BoardHttp.Get(Server, Server.FacilitatorToken, path)).Content.ReadAsStringAsync());
        }

        exports.Add(await Server.Http.GetStringAsync($"badges/{badge}"));
        exports.Add(await Server.Http.GetStringAsync($"badges/{badge}/credential.jwt"));
        exports.Add((await facilitator.SyncRaw(1)).GetRawText());
        AssertGone(string.Join('\n', exports));

        await Server.Stop();
        var stored = StoredBytes.Of(Server);
        AssertGone(stored);
        // The search sees the store: the others are there.
        Assert.Contains("Bram Claes", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFacilitatorRemovesAPersonWithTheSameEffect()
    {
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var zebediah = await Room.Join(Name, Organisation, "NL", Emails[0]);
        var zeb = await Room.Connect(zebediah);
        var question = await Room.Ask(zeb, Room.QuestionInput(Question, anonymous: true));
        await projector.WaitUntil(c => c.Questions.ContainsKey(question), "the question");

        var answer = await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{zebediah.Id}/erase", new { });
        await projector.WaitUntil(c => c.Version >= answer.GetProperty("version").GetInt64() && !c.Questions.ContainsKey(question), "the question gone");
        using var gone = await BoardHttp.Get(Server, zebediah.Token, "/api/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);

        await Server.Stop();
        AssertGone(StoredBytes.Of(Server));
    }

    private static void AssertGone(string text)
    {
        string[] secrets = ["Zebediah", "Quillfeather", "Lighthouse Collective", "QWERTYUIOP", "ZXCVBNM", "ASDFGHJKL", "POIUYTREWQ", "LKJHGFDSA", "Marmaladeword", .. Emails];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
