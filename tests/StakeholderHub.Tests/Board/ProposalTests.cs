using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Board;

public sealed class ProposalTests : BoardTest
{
    [Fact]
    public async Task CreatingAgainWithTheSameRequestIdAnswersTheSameProposal()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var input = Room.ProposalInput("Open Badges for youth workers", ("requestId", "create-1c2d"));

        var first = await owner.Call("CreateProposal", input);
        var retried = await owner.Call("CreateProposal", input);
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => owner.Call("CreateProposal", Room.ProposalInput("Digital youth work", ("requestId", "create-3e4f")))));

        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(racing[0].Id, racing[1].Id);
        Assert.Equal(2, Room.Scalar("SELECT COUNT(*) FROM proposals"));
        await owner.WaitUntil(c => c.Version >= racing.Max(a => a.Version) && c.Proposals.Count == 2, "two proposals");
    }

    [Fact]
    public async Task TheFacilitatorCreatesAProposalForAStakeholderAndEditsReachEveryone()
    {
        var jan = await Room.Invite("Jan De Smet", "Stad Antwerpen");
        var owner = await Room.Connect(jan);
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var participant = await Room.Connect(await Room.Join("Ana Peeters"));
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        BoardClient[] everyone = [owner, facilitator, participant, projector];
        var item = facilitator.Read(c => c.AgendaItemIds[0]);

        var created = await facilitator.Call("CreateProposal", Room.ProposalInput("Open Badges for youth workers",
            ("ownerId", jan.Id), ("agendaItemId", item), ("countries", new[] { "be", "BE", "pt", "xk" }), ("tags", new[] { "ka2", "ka2", "badges" })));
        var proposal = created.Id!.Value;

        await Room.AllReach(everyone, c => c.Version >= created.Version && c.Proposals.ContainsKey(proposal), "the new proposal");
        var copy = participant.Read(c => c.Proposals[proposal]);
        Assert.Equal((jan.Id, "Jan De Smet", "Stad Antwerpen"), (copy["ownerId"]!.GetValue<long>(), copy["ownerName"]!.GetValue<string>(), copy["ownerOrganisation"]!.GetValue<string>()));
        Assert.Equal(["BE", "PT", "XK"], Strings(copy["countries"]));
        Assert.Equal(["ka2", "badges"], Strings(copy["tags"]));
        Assert.Equal(["recognition", "youth-participation"], Strings(copy["themes"]));
        Assert.Equal("A two-year Erasmus+ KA2 partnership.\nWe map non-formal learning to badges.", copy["summary"]!.GetValue<string>());
        Assert.Equal(item, copy["agendaItemId"]!.GetValue<long>());
        Assert.Equal(("open", 0L, 0L), (copy["status"]!.GetValue<string>(), copy["upvotes"]!.GetValue<long>(), copy["members"]!.GetValue<long>()));

        // The agenda item the proposal belongs to cannot be removed.
        await Room.RefusedWithoutChange(facilitator, "invalid:", "RemoveAgendaItem", item);

        // The owner edits it (an edit sends every field: the agenda item goes): ownerId in the input is ignored.
        var edited = await owner.Call("EditProposal", proposal, Room.ProposalInput("Open Badges for youth workers in Flanders",
            ("ownerId", participant.PersonId), ("themes", new[] { "digital" }), ("partnersSought", "Two youth centres")));
        await Room.AllReach(everyone, c => c.Version >= edited.Version
            && c.Proposals[proposal]["title"]!.GetValue<string>() == "Open Badges for youth workers in Flanders", "the edited title");
        copy = projector.Read(c => c.Proposals[proposal]);
        Assert.Equal(jan.Id, copy["ownerId"]!.GetValue<long>());
        Assert.Equal(["digital"], Strings(copy["themes"]));
        Assert.Equal("Two youth centres", copy["partnersSought"]!.GetValue<string>());
        Assert.Null(copy["agendaItemId"]);

        // A stakeholder creating one always owns it.
        var own = await owner.Call("CreateProposal", Room.ProposalInput("Digital youth work", ("ownerId", 999_999L)));
        Assert.Equal(jan.Id, Room.Scalar("SELECT owner_id FROM proposals WHERE id = @Id", new { own.Id }));
    }

    [Fact]
    public async Task TheBoardIsRankedOpenFirstThenByUpvotesThenMembersThenAge()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var carla = await Room.Connect(await Room.Join("Carla Mertens"));
        var ids = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await Room.CreateProposal(owner, Room.ProposalInput($"Proposal {i}")));
        }

        // 1: nothing. 2: one upvote and one member. 3: two upvotes. 4: one upvote. 5: three upvotes, but closed.
        await ana.Call("UpvoteProposal", ids[1]);
        await ana.Call("JoinProposal", ids[1], Room.Membership());
        await ana.Call("UpvoteProposal", ids[2]);
        await bram.Call("UpvoteProposal", ids[2]);
        await bram.Call("UpvoteProposal", ids[3]);
        foreach (var voter in new[] { ana, bram, carla })
        {
            await voter.Call("UpvoteProposal", ids[4]);
        }

        await owner.Call("SetProposalStatus", ids[4], "closed");

        var order = (await BoardHttp.GetJson(Server, Server.ProjectorToken, "/api/snapshot")).GetProperty("proposals")
            .EnumerateArray().Select(p => p.GetProperty("id").GetInt64());
        Assert.Equal([ids[2], ids[1], ids[3], ids[0], ids[4]], order);
    }

    [Fact]
    public async Task TextsAtTheirLimitsAreAccepted()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var themes = new[] { "education", "employment", "inclusion", "recognition", "digital", "youth-participation" };
        // An emoji is one character of a one-line text as a person sees it.
        var title = new string('t', 119) + "🎓";

        var proposal = await Room.CreateProposal(owner, Room.ProposalInput(title,
            ("summary", new string('s', 2000)), ("partnersSought", new string('p', 500)), ("themes", themes),
            ("tags", Enumerable.Range(0, 10).Select(i => $"{i}{new string('g', 29)}").ToArray())));
        await ana.Call("JoinProposal", proposal, Room.Membership("observer", new string('n', 500)));
        var question = await Room.Ask(ana, Room.QuestionInput(new string('q', 500), "proposal", proposal));
        var answered = await owner.Call("AnswerQuestion", question, Room.Answer(new string('a', 2000)));

        await ana.WaitUntil(c => c.Version >= answered.Version && c.Questions[question]["answer"] is JsonObject, "the long answer");
        Assert.Equal(title, ana.Read(c => c.Proposals[proposal]["title"]!.GetValue<string>()));
        Assert.Equal(2000, ana.Read(c => c.Questions[question]["answer"]!["text"]!.GetValue<string>().Length));
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
