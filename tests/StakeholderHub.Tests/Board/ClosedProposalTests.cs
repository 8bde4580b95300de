namespace StakeholderHub.Tests.Board;

public sealed class ClosedProposalTests : BoardTest
{
    [Fact]
    public async Task AClosedProposalTakesNoNewUpvotesOrJoinsButLetsPeopleWithdrawAndLeave()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var early = await Room.Connect(await Room.Join("Ana Peeters"));
        var late = await Room.Connect(await Room.Join("Bram Claes"));
        var otherStakeholder = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        var proposal = await Room.CreateProposal(owner);
        await early.Call("UpvoteProposal", proposal);
        await early.Call("JoinProposal", proposal, Room.Membership("partner"));

        var closed = await owner.Call("SetProposalStatus", proposal, "closed");
        await Room.AllReach([owner, facilitator, early, late, otherStakeholder], c => c.Version >= closed.Version && c.ProposalStatus(proposal) == "closed", "closed");
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM proposals WHERE id = @proposal AND status = 'closed'", new { proposal }));

        await Room.RefusedWithoutChange(late, "closed:", "UpvoteProposal", proposal);
        await Room.RefusedWithoutChange(late, "closed:", "JoinProposal", proposal, Room.Membership("observer"));
        await Room.RefusedWithoutChange(otherStakeholder, "closed:", "UpvoteProposal", proposal);
        await Room.RefusedWithoutChange(otherStakeholder, "closed:", "JoinProposal", proposal, Room.Membership("co-applicant", shareContact: true));
        Assert.Equal((1L, 1L), late.Read(c => (c.Upvotes(proposal), c.MemberCount(proposal))));

        // A retry of an upvote or a join that went through before the close is still safe: it changes nothing.
        var evidenceBefore = Room.Evidence(early.PersonId).Count;
        var retriedUpvote = await early.Call("UpvoteProposal", proposal);
        var retriedJoin = await early.Call("JoinProposal", proposal, Room.Membership("partner"));
        Assert.Equal(closed.Version, retriedUpvote.Version);
        Assert.Equal(closed.Version, retriedJoin.Version);
        Assert.Equal(evidenceBefore, Room.Evidence(early.PersonId).Count);
        Assert.Equal(2, Room.Scalar("SELECT upvotes + members FROM proposals WHERE id = @proposal", new { proposal }));

        var withdrawn = await early.Call("WithdrawProposalUpvote", proposal);
        var left = await early.Call("LeaveProposal", proposal);
        Assert.True(left.Version > withdrawn.Version && withdrawn.Version > closed.Version);
        Assert.Equal(0, Room.Scalar("SELECT upvotes + members FROM proposals WHERE id = @proposal", new { proposal }));
        Assert.Equal(0, Room.Scalar("SELECT (SELECT COUNT(*) FROM proposal_votes) + (SELECT COUNT(*) FROM proposal_members)"));
        await Room.AllReach([owner, facilitator, early, late], c => c.Version >= left.Version && c.Upvotes(proposal) == 0 && c.MemberCount(proposal) == 0, "no upvotes, no members");
        Assert.Equal(0, owner.Read(c => c.ActiveMembersOf(proposal)));
        Assert.Equal(
            ["upvoted_proposal", "joined_proposal", "withdrew_proposal_upvote", "left_proposal"],
            Room.Evidence(early.PersonId).Where(e => e.SubjectKind == "proposal").Select(e => e.Action));

        // Opened again by the facilitator, it takes upvotes again.
        await facilitator.Call("SetProposalStatus", proposal, "open");
        var upvoted = await late.Call("UpvoteProposal", proposal);
        await owner.WaitUntil(c => c.Version >= upvoted.Version && c.Upvotes(proposal) == 1 && c.ProposalStatus(proposal) == "open", "open with one upvote");
    }

    [Fact]
    public async Task AShortlistedProposalStillTakesUpvotesAndJoins()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var participant = await Room.Connect(await Room.Join("Ana Peeters"));
        var proposal = await Room.CreateProposal(owner);

        await owner.Call("SetProposalStatus", proposal, "shortlisted");
        await participant.Call("UpvoteProposal", proposal);
        var joined = await participant.Call("JoinProposal", proposal, Room.Membership("partner"));

        await participant.WaitUntil(c => c.Version >= joined.Version && c.ProposalStatus(proposal) == "shortlisted"
            && c.Upvotes(proposal) == 1 && c.MemberCount(proposal) == 1, "shortlisted with one upvote and one member");
    }
}
