using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Polls;

/// <summary>
/// A proposal whose texts the content filter catches is held: its owner sees it waiting, the facilitator sees why, and
/// no message, Sync or snapshot of another participant or the projector carries it until the facilitator approves it.
/// </summary>
public sealed class ProposalFilterTests : BoardTest
{
    [Theory]
    [InlineData("Bullshit-free badges for youth workers", "word:en:bullshit")]
    [InlineData("Geen klootzak meer in het jeugdwerk", "word:nl:klootzak")]
    [InlineData("Des badges pour chaque connard", "word:fr:connard")]
    public async Task AProposalWithAListedWordInItsTitleIsHeldAndReachesNobodyElse(string title, string reason)
    {
        var (facilitator, owner, other, projector) = await People();
        var since = Room.EventVersion();

        var created = await owner.Call("CreateProposal", Room.ProposalInput(title));

        await facilitator.WaitForVersion(created.Version);
        var held = facilitator.Read(c => c.Proposals[created.Id!.Value]);
        Assert.True(held["waiting"]!.GetValue<bool>());
        Assert.Equal(reason, held["heldFor"]!.GetValue<string>());
        await owner.WaitForVersion(created.Version);
        var own = owner.Read(c => c.Proposals[created.Id!.Value]);
        Assert.True(own["waiting"]!.GetValue<bool>());
        Assert.Null(own["heldFor"]);
        Assert.Equal(title, own["title"]!.GetValue<string>());
        await NobodyElseSaw(title, since, other, projector);
        Assert.DoesNotContain(created.Id!.Value, other.Read(c => c.Proposals.Keys.ToList()));

        // Others cannot act on what they cannot see.
        Assert.StartsWith("not_found:", await other.Refusal("UpvoteProposal", created.Id!.Value));
    }

    [Fact]
    public async Task ACleanProposalIsOnTheBoardAtOnce()
    {
        var (_, owner, other, projector) = await People();
        var created = await owner.Call("CreateProposal", Room.ProposalInput("Badges for the con artists of Scunthorpe"));
        await Room.AllReach([other, projector], c => c.Version >= created.Version && c.Proposals.ContainsKey(created.Id!.Value), "the proposal");
        Assert.Null(other.Read(c => c.Proposals[created.Id!.Value]["heldFor"]));
        Assert.False(other.Read(c => c.Proposals[created.Id!.Value]["waiting"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task TheFacilitatorsOwnWordsHoldASummaryAndApprovalShowsItLive()
    {
        var (facilitator, owner, other, projector) = await People();
        await facilitator.Call("AddFilterWord", "Brexit");
        var since = Room.EventVersion();
        var created = await owner.Call("CreateProposal", Room.ProposalInput("Mobility after the referendum", ("summary", "Life after brexit for youth workers")));
        await facilitator.WaitForVersion(created.Version);
        Assert.Equal("word:event:brexit", facilitator.Read(c => c.Proposals[created.Id!.Value]["heldFor"]!.GetValue<string>()));
        await NobodyElseSaw("Life after brexit", since, other, projector);

        var approved = await facilitator.Call("ApproveProposal", created.Id!.Value);
        await Room.AllReach([other, projector], c => c.Version >= approved.Version && c.Proposals.ContainsKey(created.Id!.Value), "the approved proposal");
        Assert.Equal("Mobility after the referendum", projector.Read(c => c.Proposals[created.Id!.Value]["title"]!.GetValue<string>()));
        Assert.Null(projector.Read(c => c.Proposals[created.Id!.Value]["heldFor"]));
        Assert.Contains("Life after brexit", (await BoardHttp.GetJson(Server, other.Token, "/api/snapshot")).GetRawText(), StringComparison.Ordinal);

        // An edit of another field leaves the approval; an edit of the texts that hits holds it again, live.
        var recountried = await owner.Call("EditProposal", created.Id!.Value,
            Room.ProposalInput("Mobility after the referendum", ("summary", "Life after brexit for youth workers"), ("countries", new[] { "BE" })));
        await projector.WaitUntil(c => c.Version >= recountried.Version && c.Proposals.ContainsKey(created.Id!.Value), "still on the board");
        var edited = await owner.Call("EditProposal", created.Id!.Value, Room.ProposalInput("Mobility for every klootzak"));
        await Room.AllReach([other, projector], c => c.Version >= edited.Version && !c.Proposals.ContainsKey(created.Id!.Value), "the proposal gone");
        await NobodyElseSaw("Mobility for every klootzak", since, other, projector);
        await facilitator.WaitForVersion(edited.Version);
        Assert.Equal("word:nl:klootzak", facilitator.Read(c => c.Proposals[created.Id!.Value]["heldFor"]!.GetValue<string>()));

        // A rejected proposal stays out of the room; the owner still sees it waiting.
        var rejected = await facilitator.Call("RejectProposal", created.Id!.Value);
        await facilitator.WaitForVersion(rejected.Version);
        Assert.True(facilitator.Read(c => c.Proposals[created.Id!.Value]["rejected"]!.GetValue<bool>()));
        await owner.WaitForVersion(rejected.Version);
        Assert.True(owner.Read(c => c.Proposals[created.Id!.Value]["waiting"]!.GetValue<bool>()));
        await NobodyElseSaw("Mobility for every klootzak", since, other, projector);
    }

    [Fact]
    public async Task TheFacilitatorTakesAProposalOutOfTheRoom()
    {
        var (facilitator, owner, other, projector) = await People();
        var created = await owner.Call("CreateProposal", Room.ProposalInput("Quiet but unwanted"));
        await projector.WaitUntil(c => c.Version >= created.Version && c.Proposals.ContainsKey(created.Id!.Value), "the proposal");
        var rejected = await facilitator.Call("RejectProposal", created.Id!.Value);
        await Room.AllReach([other, projector], c => c.Version >= rejected.Version && !c.Proposals.ContainsKey(created.Id!.Value), "the proposal gone");
        await facilitator.WaitForVersion(rejected.Version);
        Assert.Equal("facilitator", facilitator.Read(c => c.Proposals[created.Id!.Value]["heldFor"]!.GetValue<string>()));
        Assert.StartsWith("not_found:", await other.Refusal("JoinProposal", created.Id!.Value, Room.Membership()));
        Assert.StartsWith("forbidden:", await owner.Refusal("ApproveProposal", created.Id!.Value));
    }

    private async Task<(BoardClient Facilitator, BoardClient Owner, BoardClient Other, BoardClient Projector)> People()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Sofie Janssens"));
        var other = await Room.Connect(await Room.Join("Bram Claes"));
        return (facilitator, owner, other, projector);
    }

    /// <summary>
    /// Nothing the participant or the projector received, raw, carries the text; neither does a Sync replay from
    /// <paramref name="since"/> nor a fresh snapshot.
    /// </summary>
    private async Task NobodyElseSaw(string text, long since, params BoardClient[] clients)
    {
        var version = Room.EventVersion();
        var needle = JsonValue.Create(text)!.ToJsonString()[1..^1];
        foreach (var client in clients)
        {
            await client.WaitForVersion(version);
            Assert.DoesNotContain(client.Raw, raw => raw.Contains(needle, StringComparison.OrdinalIgnoreCase));
            var replay = await client.SyncRaw(since);
            Assert.Equal("changes", replay.GetProperty("mode").GetString());
            Assert.DoesNotContain(needle, replay.GetRawText(), StringComparison.OrdinalIgnoreCase);
            var snapshot = await BoardHttp.GetJson(Server, client.Token, "/api/snapshot");
            Assert.DoesNotContain(needle, snapshot.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
