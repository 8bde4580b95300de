using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Polls;

/// <summary>
/// A name or organisation the content filter catches at check-in lets its person in, but the room sees a neutral
/// placeholder (an empty name, which the pages show as "Participant") wherever it would show, until the facilitator
/// approves it; the person sees their own name as waiting, and the facilitator sees why.
/// </summary>
public sealed class NameFilterTests : BoardTest
{
    [Theory]
    [InlineData("Piet Klootzak", "Jeugdhuis De Kreek", "word:nl:klootzak")]
    [InlineData("Ana Peeters", "Bullshit Consulting", "word:en:bullshit")]
    [InlineData("Jean Connard", "Ville de Liège", "word:fr:connard")]
    public async Task AHeldNameJoinsButOthersSeeAPlaceholderUntilTheFacilitatorApprovesIt(string name, string organisation, string reason)
    {
        var (facilitator, owner, other, projector) = await People();
        var proposal = (await owner.Call("CreateProposal", Room.ProposalInput("Open Badges for youth workers"))).Id!.Value;
        var since = Room.EventVersion();

        var joined = await Room.Join(name, organisation);
        var held = await Room.Connect(joined);
        Assert.True(held.Me["nameWaiting"]!.GetValue<bool>());
        Assert.Null(held.Me["nameHeldFor"]);
        Assert.Equal(name, held.Me["name"]!.GetValue<string>());

        var asked = await held.Call("AskQuestion", Room.QuestionInput("Who pays for the travel to Lisbon?"));
        var shared = await held.Call("SharePractice", new { title = "Our youth centre", text = "Badges for every volunteer." });
        var member = await held.Call("JoinProposal", proposal, Room.Membership());

        await facilitator.WaitForVersion(member.Version);
        Assert.Equal(reason, (await FacilitatorPerson(joined.Id))["nameHeldFor"]!.GetValue<string>());
        await Room.AllReach([other, projector], c => c.Version >= member.Version && c.Questions.ContainsKey(asked.Id!.Value), "the question");
        Assert.Equal("", projector.Read(c => c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>()));
        Assert.Equal("", other.Read(c => c.Practices[shared.Id!.Value]["authorName"]!.GetValue<string>()));
        await owner.WaitForVersion(member.Version);
        Assert.Equal("", owner.Read(c => c.Members[(proposal, joined.Id)]["name"]!.GetValue<string>()));
        await NobodyElseSaw(name, organisation, since, other, projector, owner);

        // The facilitator approves the name: it appears on every screen live.
        var approved = await facilitator.Call("ApproveName", joined.Id);
        await Room.AllReach([other, projector], c => c.Version >= approved.Version
            && c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>() == name
            && c.Practices[shared.Id!.Value]["authorOrganisation"]!.GetValue<string>() == organisation, "the approved name");
        await owner.WaitUntil(c => c.Version >= approved.Version && c.Members[(proposal, joined.Id)]["name"]!.GetValue<string>() == name, "the member's name");
        await held.WaitForVersion(approved.Version);
        var own = JsonNode.Parse((await BoardHttp.GetJson(Server, held.Token, "/api/snapshot")).GetRawText())!["me"]!;
        Assert.False(own["nameWaiting"]!.GetValue<bool>());
        Assert.Null((await FacilitatorPerson(joined.Id))["nameHeldFor"]);
    }

    [Fact]
    public async Task ACleanNameIsShownAtOnceAndARejectedOneStaysHidden()
    {
        var (facilitator, _, other, projector) = await People();
        var clean = await Room.Connect(await Room.Join("Scunthorpe Conway", "Essex Youth"));
        Assert.False(clean.Me["nameWaiting"]!.GetValue<bool>());
        var asked = await clean.Call("AskQuestion", Room.QuestionInput("Is there coffee?"));
        await projector.WaitUntil(c => c.Version >= asked.Version && c.Questions.ContainsKey(asked.Id!.Value), "the question");
        Assert.Equal("Scunthorpe Conway", projector.Read(c => c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>()));

        // The facilitator's own words hold names too; a rejected name stays a placeholder.
        await facilitator.Call("AddFilterWord", "Voldemort");
        var since = Room.EventVersion();
        var joined = await Room.Join("Lord Voldemort");
        var held = await Room.Connect(joined);
        var again = await held.Call("AskQuestion", Room.QuestionInput("Is there more coffee?"));
        Assert.Equal("word:event:voldemort", (await FacilitatorPerson(joined.Id))["nameHeldFor"]!.GetValue<string>());
        var rejected = await facilitator.Call("RejectName", joined.Id);
        Assert.True((await FacilitatorPerson(joined.Id))["nameRejected"]!.GetValue<bool>());
        await other.WaitForVersion(rejected.Version);
        Assert.Equal("", other.Read(c => c.Questions[again.Id!.Value]["askerName"]!.GetValue<string>()));
        await NobodyElseSaw("Voldemort", "CAP-City-not-checked", since, other, projector);
        Assert.StartsWith("forbidden:", await other.Refusal("ApproveName", joined.Id));
    }

    [Fact]
    public async Task ACorrectedNamePassesTheFilterAsAtCheckIn()
    {
        var (facilitator, _, other, projector) = await People();
        var joined = await Room.Join("Ana Peeters", "CAP-City");
        var ana = await Room.Connect(joined);
        var asked = await ana.Call("AskQuestion", Room.QuestionInput("Who pays for the travel to Lisbon?"));
        await projector.WaitUntil(c => c.Version >= asked.Version && c.Questions.ContainsKey(asked.Id!.Value), "the question");
        Assert.Equal("Ana Peeters", projector.Read(c => c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>()));

        // Corrected to a listed word on My data: held, the room sees the placeholder, the facilitator sees why.
        var held = (await BoardHttp.Post(Server, ana.Token, "/api/me/profile", new { name = "Ana Klootzak", organisation = "CAP-City", country = "BE" }))
            .GetProperty("version").GetInt64();
        await Room.AllReach([other, projector], c => c.Version >= held
            && c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>() == "", "the placeholder");
        Assert.Equal("word:nl:klootzak", (await FacilitatorPerson(joined.Id))["nameHeldFor"]!.GetValue<string>());
        // Not in a replay from the start either: the stored changes never take a held name.
        await NobodyElseSaw("Klootzak", "CAP-City-not-checked", 0, other, projector);

        // Corrected again to a clean name: shown at once.
        var clean = (await BoardHttp.Post(Server, ana.Token, "/api/me/profile", new { name = "Ana Maes", organisation = "CAP-City", country = "BE" }))
            .GetProperty("version").GetInt64();
        await Room.AllReach([other, projector], c => c.Version >= clean
            && c.Questions[asked.Id!.Value]["askerName"]!.GetValue<string>() == "Ana Maes", "the clean name");
        Assert.Null((await FacilitatorPerson(joined.Id))["nameHeldFor"]);
        await facilitator.WaitForVersion(clean);
    }

    private async Task<JsonObject> FacilitatorPerson(long personId)
    {
        var snapshot = JsonNode.Parse((await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot")).GetRawText())!;
        return snapshot["people"]!.AsArray().Single(p => p!["id"]!.GetValue<long>() == personId)!.AsObject();
    }

    private async Task<(BoardClient Facilitator, BoardClient Owner, BoardClient Other, BoardClient Projector)> People()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Sofie Janssens"));
        var other = await Room.Connect(await Room.Join("Bram Claes"));
        return (facilitator, owner, other, projector);
    }

    /// <summary>Neither the name nor the organisation is in anything these clients received, a Sync replay or a fresh snapshot.</summary>
    private async Task NobodyElseSaw(string name, string organisation, long since, params BoardClient[] clients)
    {
        var version = Room.EventVersion();
        foreach (var client in clients)
        {
            await client.WaitForVersion(version);
            var replay = (await client.SyncRaw(since)).GetRawText();
            var snapshot = (await BoardHttp.GetJson(Server, client.Token, "/api/snapshot")).GetRawText();
            foreach (var text in new[] { name, organisation })
            {
                var needle = JsonValue.Create(text)!.ToJsonString()[1..^1];
                Assert.DoesNotContain(client.Raw, raw => raw.Contains(needle, StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(needle, replay, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(needle, snapshot, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
