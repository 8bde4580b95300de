namespace StakeholderHub.Tests.Board;

/// <summary>Every interaction of a participant or stakeholder is one evidence row, in the same transaction; a no-op retry writes none.</summary>
public sealed class EvidenceTests : BoardTest
{
    [Fact]
    public async Task EvidenceRowsMatchTheActionsOneForOne()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var marta = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        var proposal = await Room.CreateProposal(owner);
        var bramsQuestion = await Room.Ask(bram, Room.QuestionInput("Is there a youth exchange too?"));
        var expected = new List<(string Action, string Kind, long Subject, long Version)>();

        async Task Act(string? action, string kind, long subject, string method, params object?[] args)
        {
            var version = Room.EventVersion();
            var ack = await ana.Call(method, args);
            if (action is null)
            {
                Assert.Equal(version, Room.EventVersion());
            }
            else
            {
                expected.Add((action, kind, subject, ack.Version));
            }
        }

        await Act("upvoted_proposal", "proposal", proposal, "UpvoteProposal", proposal);
        await Act(null, "proposal", proposal, "UpvoteProposal", proposal);
        await Act("withdrew_proposal_upvote", "proposal", proposal, "WithdrawProposalUpvote", proposal);
        await Act(null, "proposal", proposal, "WithdrawProposalUpvote", proposal);
        await Act("joined_proposal", "proposal", proposal, "JoinProposal", proposal, Room.Membership("partner", "We run a youth centre."));
        await Act(null, "proposal", proposal, "JoinProposal", proposal, Room.Membership("partner", "We run a youth centre."));
        await Act("updated_proposal_membership", "proposal", proposal, "JoinProposal", proposal, Room.Membership("partner", "We run two youth centres."));
        await Act("left_proposal", "proposal", proposal, "LeaveProposal", proposal);
        await Act(null, "proposal", proposal, "LeaveProposal", proposal);
        var asked = await ana.Call("AskQuestion", Room.QuestionInput("When is the deadline?"));
        expected.Add(("asked_question", "question", asked.Id!.Value, asked.Version));
        await Act("upvoted_question", "question", bramsQuestion, "UpvoteQuestion", bramsQuestion);
        await Act(null, "question", bramsQuestion, "UpvoteQuestion", bramsQuestion);
        await Act("withdrew_question_upvote", "question", bramsQuestion, "WithdrawQuestionUpvote", bramsQuestion);
        await Act(null, "question", bramsQuestion, "WithdrawQuestionUpvote", bramsQuestion);

        var rows = Room.Evidence(ana.PersonId);
        Assert.Equal("checked_in", rows[0].Action);
        Assert.Equal(expected, rows.Skip(1).Select(r => (r.Action, r.SubjectKind!, r.SubjectId!.Value, r.Version)));

        // A stakeholder's upvotes and joins are evidence too.
        var upvote = await marta.Call("UpvoteProposal", proposal);
        var joined = await marta.Call("JoinProposal", proposal, Room.Membership("co-applicant", shareContact: true));
        Assert.Equal(
            [("upvoted_proposal", upvote.Version), ("joined_proposal", joined.Version)],
            Room.Evidence(marta.PersonId).Select(r => (r.Action, r.Version)));
        Assert.Equal([("asked_question", bramsQuestion)], Room.Evidence(bram.PersonId).Skip(1).Select(r => (r.Action, r.SubjectId!.Value)));
    }
}
