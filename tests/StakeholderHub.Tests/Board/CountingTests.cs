namespace StakeholderHub.Tests.Board;

/// <summary>
/// Fifty people pressing the same button at once: every press counts exactly once, in the store and on every
/// screen, however the calls interleave, are doubled or are retried.
/// </summary>
public sealed class CountingTests : BoardTest
{
    private const int Crowd = 50;

    [Fact]
    public async Task FiftyUpvotesAtOnceCountFiftyInTheStoreAndOnEveryScreen()
    {
        var (proposal, crowd, everyone) = await Scene();

        var acks = await Task.WhenAll(crowd.Select(c => c.Call("UpvoteProposal", proposal)));

        Assert.Equal(Crowd, acks.Select(a => a.Version).Distinct().Count());
        AssertStored(proposal, upvotes: Crowd);
        await Room.AllReach(everyone, c => c.Version >= acks.Max(a => a.Version) && c.Upvotes(proposal) == Crowd, $"{Crowd} upvotes");
        Assert.All(crowd, c => Assert.Equal([proposal], c.Read(s => s.MineIds("upvotedProposals"))));
        Assert.Equal(Crowd, UpvoteEvidence(proposal, "upvoted_proposal"));

        // Everyone taps twice more at once (a double tap and a retry after a lost answer): nothing changes.
        var before = Room.Dump();
        var again = await Task.WhenAll(crowd.SelectMany(c => new[] { c.Call("UpvoteProposal", proposal), c.Call("UpvoteProposal", proposal) }));
        Assert.Equal(before, Room.Dump());
        Assert.All(again, ack => Assert.True(ack.Version <= Room.EventVersion()));
        AssertStored(proposal, upvotes: Crowd);

        // Half withdraw at once, then upvote again at once.
        var half = crowd.Take(Crowd / 2).ToArray();
        var withdrawn = await Task.WhenAll(half.Select(c => c.Call("WithdrawProposalUpvote", proposal)));
        AssertStored(proposal, upvotes: Crowd / 2);
        await Room.AllReach(everyone, c => c.Version >= withdrawn.Max(a => a.Version) && c.Upvotes(proposal) == Crowd / 2, $"{Crowd / 2} upvotes");
        Assert.All(half, c => Assert.Empty(c.Read(s => s.MineIds("upvotedProposals"))));

        var back = await Task.WhenAll(half.Select(c => c.Call("UpvoteProposal", proposal)));
        AssertStored(proposal, upvotes: Crowd);
        await Room.AllReach(everyone, c => c.Version >= back.Max(a => a.Version) && c.Upvotes(proposal) == Crowd, $"{Crowd} upvotes again");
        Assert.Equal(Crowd + Crowd / 2, UpvoteEvidence(proposal, "upvoted_proposal"));
        Assert.Equal(Crowd / 2, UpvoteEvidence(proposal, "withdrew_proposal_upvote"));

        // A client that comes now starts from the same numbers.
        await using var late = await BoardClient.Connect(Server, Server.ProjectorToken, "late projector");
        Assert.Equal(Crowd, late.Upvotes(proposal));
    }

    [Fact]
    public async Task FiftyJoinsAtOnceCountFiftyMembersAndOnlyTheOwnerAndFacilitatorSeeWho()
    {
        var (proposal, crowd, everyone) = await Scene();
        var owner = everyone[Crowd];
        var facilitator = everyone[Crowd + 1];

        var acks = await Task.WhenAll(crowd.Select(c => c.Call("JoinProposal", proposal, Room.Membership("partner", "We run a youth centre."))));

        Assert.Equal(Crowd, acks.Select(a => a.Version).Distinct().Count());
        AssertStored(proposal, members: Crowd);
        await Room.AllReach(everyone, c => c.Version >= acks.Max(a => a.Version) && c.MemberCount(proposal) == Crowd, $"{Crowd} members");
        Assert.Equal(Crowd, owner.Read(c => c.ActiveMembersOf(proposal)));
        Assert.Equal(Crowd, facilitator.Read(c => c.ActiveMembersOf(proposal)));
        Assert.All(everyone.Except([owner, facilitator]), c => Assert.Equal(0, c.Read(s => s.ActiveMembersOf(proposal))));
        Assert.All(crowd, c => Assert.Equal([proposal], c.Read(s => s.Memberships())));

        // The same answers again, twice at once: nothing changes.
        var before = Room.Dump();
        await Task.WhenAll(crowd.SelectMany(c => new[]
        {
            c.Call("JoinProposal", proposal, Room.Membership("partner", "We run a youth centre.")),
            c.Call("JoinProposal", proposal, Room.Membership("partner", "We run a youth centre.")),
        }));
        Assert.Equal(before, Room.Dump());

        // Other answers update the membership: still one member each.
        var changed = await Task.WhenAll(crowd.Take(10).Select(c => c.Call("JoinProposal", proposal, Room.Membership("observer", "Changed our mind."))));
        AssertStored(proposal, members: Crowd);
        Assert.Equal(10, Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE proposal_id = @proposal AND intent = 'observer'", new { proposal }));
        await owner.WaitUntil(c => c.Version >= changed.Max(a => a.Version)
            && c.Members.Values.Count(m => m["intent"]!.GetValue<string>() == "observer") == 10, "10 observers");

        // Half leave at once, then join again at once.
        var half = crowd.Skip(Crowd / 2).ToArray();
        var left = await Task.WhenAll(half.Select(c => c.Call("LeaveProposal", proposal)));
        AssertStored(proposal, members: Crowd / 2);
        await Room.AllReach(everyone, c => c.Version >= left.Max(a => a.Version) && c.MemberCount(proposal) == Crowd / 2, $"{Crowd / 2} members");
        Assert.Equal(Crowd / 2, owner.Read(c => c.ActiveMembersOf(proposal)));
        Assert.All(half, c => Assert.Empty(c.Read(s => s.Memberships())));

        var back = await Task.WhenAll(half.Select(c => c.Call("JoinProposal", proposal, Room.Membership("co-applicant"))));
        AssertStored(proposal, members: Crowd);
        await Room.AllReach(everyone, c => c.Version >= back.Max(a => a.Version) && c.MemberCount(proposal) == Crowd, $"{Crowd} members again");
        Assert.Equal(Crowd, owner.Read(c => c.ActiveMembersOf(proposal)));
        Assert.Equal(Crowd + Crowd / 2, UpvoteEvidence(proposal, "joined_proposal"));
        Assert.Equal(10, UpvoteEvidence(proposal, "updated_proposal_membership"));
        Assert.Equal(Crowd / 2, UpvoteEvidence(proposal, "left_proposal"));
    }

    [Fact]
    public async Task FiftyUpvotesSpreadOverFiveProposalsAndOneQuestionAtOnceAllCount()
    {
        var (first, crowd, everyone) = await Scene();
        var owner = everyone[Crowd];
        var proposals = new List<long> { first };
        for (var i = 2; i <= 5; i++)
        {
            proposals.Add(await Room.CreateProposal(owner, Room.ProposalInput($"Proposal {i}")));
        }

        var question = await Room.Ask(owner, Room.QuestionInput("Who wants to host the kick-off meeting?"));

        var acks = await Task.WhenAll(crowd.SelectMany((c, i) => new[]
        {
            c.Call("UpvoteProposal", proposals[i % 5]),
            c.Call("UpvoteQuestion", question),
            c.Call("JoinProposal", proposals[(i + 1) % 5], Room.Membership("observer")),
        }));

        Assert.Equal(3 * Crowd, acks.Select(a => a.Version).Distinct().Count());
        foreach (var proposal in proposals)
        {
            AssertStored(proposal, upvotes: Crowd / 5, members: Crowd / 5);
        }

        Assert.Equal(Crowd, Room.Scalar("SELECT upvotes FROM questions WHERE id = @question", new { question }));
        Assert.Equal(Crowd, Room.Scalar("SELECT COUNT(*) FROM question_votes WHERE question_id = @question", new { question }));
        await Room.AllReach(everyone, c => c.Version >= acks.Max(a => a.Version)
            && proposals.All(p => c.Upvotes(p) == Crowd / 5 && c.MemberCount(p) == Crowd / 5)
            && c.QuestionUpvotes(question) == Crowd, "every count");
        Assert.All(crowd, c => Assert.Equal([question], c.Read(s => s.MineIds("upvotedQuestions"))));
        Assert.Equal(Crowd / 5, owner.Read(c => c.ActiveMembersOf(proposals[3])));
    }

    /// <summary>A stakeholder's proposal, fifty connected participants, and everyone: crowd, owner, facilitator, projector, another stakeholder.</summary>
    private async Task<(long Proposal, BoardClient[] Crowd, BoardClient[] Everyone)> Scene()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var other = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        var proposal = await Room.CreateProposal(owner);
        var crowd = await Room.Crowd(Crowd);
        BoardClient[] everyone = [.. crowd, owner, facilitator, projector, other];
        await Room.AllReach(everyone, c => c.Upvotes(proposal) == 0, "the proposal");
        return (proposal, crowd, everyone);
    }

    private void AssertStored(long proposal, long? upvotes = null, long? members = null)
    {
        if (upvotes is { } up)
        {
            Assert.Equal(up, Room.Scalar("SELECT upvotes FROM proposals WHERE id = @proposal", new { proposal }));
            Assert.Equal(up, Room.Scalar("SELECT COUNT(*) FROM proposal_votes WHERE proposal_id = @proposal", new { proposal }));
        }

        if (members is { } count)
        {
            Assert.Equal(count, Room.Scalar("SELECT members FROM proposals WHERE id = @proposal", new { proposal }));
            Assert.Equal(count, Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE proposal_id = @proposal", new { proposal }));
        }
    }

    private long UpvoteEvidence(long proposal, string action) => Room.Scalar(
        "SELECT COUNT(*) FROM evidence WHERE action = @action AND subject_kind = 'proposal' AND subject_id = @proposal",
        new { action, proposal });
}
