using static StakeholderHub.Tests.Polls.PollTests;

namespace StakeholderHub.Tests.Polls;

/// <summary>Every poll call a role may not make, and every answer outside a poll's limits, is refused with nothing stored.</summary>
public sealed class PollRefusalTests(Scene scene) : IClassFixture<Scene>
{
    private Room Room => scene.Room;

    private async Task<long> OpenPoll(string kind, string[] options, int? maxChoices = null)
    {
        var id = (await scene.Facilitator.Call("CreatePoll", Input(kind, $"A {kind} poll", options, maxChoices))).Id!.Value;
        await scene.Facilitator.Call("OpenPoll", id);
        return id;
    }

    [Fact]
    public async Task RolesAreRefusedWithNothingStored()
    {
        var poll = await OpenPoll("single", ["Yes", "No"]);
        await Room.RefusedWithoutChange(scene.Participant, "forbidden:", "CreatePoll", Input("single", "Mine?", ["a", "b"]));
        await Room.RefusedWithoutChange(scene.Participant, "forbidden:", "OpenPoll", poll);
        await Room.RefusedWithoutChange(scene.Participant, "forbidden:", "ShowPoll", poll);
        await Room.RefusedWithoutChange(scene.Owner, "forbidden:", "ShowPoll", poll);
        await Room.RefusedWithoutChange(scene.Projector, "forbidden:", "VotePoll", poll, Choices(0));
        await Room.RefusedWithoutChange(scene.Facilitator, "forbidden:", "VotePoll", poll, Choices(0));
        await Room.RefusedWithoutChange(scene.Participant, "forbidden:", "HidePollWord", poll, "x");
        await Room.RefusedWithoutChange(scene.Participant, "forbidden:", "AddFilterWord", "brexit");
        await Room.RefusedWithoutChange(scene.Projector, "forbidden:", "React", "clap");
        // A stakeholder makes polls for their own proposal only, and acts on their own polls only.
        await Room.RefusedWithoutChange(scene.OtherStakeholder, "forbidden:", "CreatePoll", Input("single", "Theirs?", ["a", "b"], proposalId: scene.Proposal));
        await Room.RefusedWithoutChange(scene.OtherStakeholder, "invalid:", "CreatePoll", Input("single", "Of nothing?", ["a", "b"]));
        await Room.RefusedWithoutChange(scene.OtherStakeholder, "forbidden:", "ClosePoll", poll);
        await Room.RefusedWithoutChange(scene.Facilitator, "not_found:", "CreatePoll", Input("single", "Foreign?", ["a", "b"], proposalId: scene.ForeignProposal));
        var own = (await scene.Owner.Call("CreatePoll", Input("single", "Would you join?", ["Yes", "Maybe"], proposalId: scene.Proposal))).Id!.Value;
        // A draft is nobody's but its owner's and the facilitator's.
        await Room.RefusedWithoutChange(scene.Participant, "not_found:", "VotePoll", own, Choices(0));
        await scene.Owner.Call("OpenPoll", own);
        await scene.Participant.Call("VotePoll", own, Choices(1));
    }

    [Fact]
    public async Task AnswersOutsideThePollsLimitsAreRefusedWithNothingStored()
    {
        var single = await OpenPoll("single", ["Yes", "No"]);
        var multiple = await OpenPoll("multiple", ["A", "B", "C", "D"], maxChoices: 2);
        var rating = await OpenPoll("rating", []);
        var ranking = await OpenPoll("ranking", ["A", "B", "C"]);
        var cloud = await OpenPoll("words", []);
        var p = scene.Participant;
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", single, Choices(0, 1));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", single, Choices(2));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", single, Choices());
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", multiple, Choices(0, 1, 2));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", multiple, Choices(1, 1));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", rating, Choices(5));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", ranking, Choices(0, 1));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", cloud, Choices(0));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", cloud, Words("one", "two", "three", "four"));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", cloud, Words(new string('w', 41)));
        await Room.RefusedWithoutChange(p, "invalid:", "VotePoll", cloud, Words("  "));
        await Room.RefusedWithoutChange(p, "not_found:", "VotePoll", 999_999, Choices(0));
        await Room.RefusedWithoutChange(p, "invalid:", "React", "thumbs-down");
        await Room.RefusedWithoutChange(scene.Facilitator, "invalid:", "CreatePoll", Input("single", "One option?", ["Only"]));
        await Room.RefusedWithoutChange(scene.Facilitator, "invalid:", "CreatePoll", Input("multiple", "Too many?", ["a", "b"], maxChoices: 3));
        await Room.RefusedWithoutChange(scene.Facilitator, "invalid:", "CreatePoll", Input("quiz", "What?", ["a", "b"]));
        await Room.RefusedWithoutChange(scene.Facilitator, "invalid:", "CreatePoll", Input("single", new string('q', 201), ["a", "b"]));
        await Room.RefusedWithoutChange(scene.Facilitator, "invalid:", "CreatePoll", Input("single", "Eleven?", [.. Enumerable.Range(1, 11).Select(i => $"o{i}")]));

        // Three words, two of them the same once normalised, are two answers; a changed answer replaces them.
        await p.Call("VotePoll", cloud, Words("Open Badges", "open  badges ", "Trust"));
        Assert.Equal(2, Room.Scalar("SELECT COUNT(*) FROM poll_words WHERE poll_id = @cloud", new { cloud }));
        await scene.Facilitator.Call("ClosePoll", single);
        await Room.RefusedWithoutChange(p, "closed:", "VotePoll", single, Choices(0));
    }
}
