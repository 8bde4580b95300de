using static StakeholderHub.Tests.Polls.PollTests;

namespace StakeholderHub.Tests.Polls;

/// <summary>Answering polls is evidence; the badge counts it once the facilitator makes it a step.</summary>
public sealed class PollEvidenceTests : BoardTest
{
    [Fact]
    public async Task AnsweringPollsIsEvidenceAndABadgeStepOnlyOnceTheFacilitatorAsksForIt()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var poll = (await facilitator.Call("CreatePoll", Input("rating", "How useful was this?", []))).Id!.Value;
        var cloud = (await facilitator.Call("CreatePoll", Input("words", "One word", []))).Id!.Value;
        await facilitator.Call("OpenPoll", poll);
        await facilitator.Call("OpenPoll", cloud);
        var phone = (await Room.Crowd(1))[0];

        var voted = await phone.Call("VotePoll", poll, Choices(3));
        await phone.WaitForVersion(voted.Version);
        Assert.DoesNotContain("answered_polls", phone.Read(c => c.DoneSteps(c.PersonId)));
        Assert.Equal(["answered_poll"], Room.Evidence(phone.PersonId).Select(e => e.Action).Where(a => a.StartsWith("answered", StringComparison.Ordinal)));

        // Two answers asked for: the rating alone is one, the cloud makes two; a changed answer is new evidence, not a new poll.
        var rule = await facilitator.Call("SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["answered_polls"] = 2 } });
        await phone.WaitForVersion(rule.Version);
        Assert.DoesNotContain("answered_polls", phone.Read(c => c.DoneSteps(c.PersonId)));
        await phone.Call("VotePoll", poll, Choices(4));
        Assert.DoesNotContain("answered_polls", phone.Read(c => c.DoneSteps(c.PersonId)));
        var worded = await phone.Call("VotePoll", cloud, Words("Trust"));
        await phone.WaitUntil(c => c.Version >= worded.Version && c.DoneSteps(c.PersonId).Contains("answered_polls"), "the polls step done");
        Assert.Equal(["answered_poll", "answered_poll", "answered_word_cloud"],
            Room.Evidence(phone.PersonId).Select(e => e.Action).Where(a => a.StartsWith("answered", StringComparison.Ordinal)));

        // Off again (0): not part of the badge.
        await facilitator.Call("SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["answered_polls"] = 0 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["checked_in"] = 0 } });
    }
}
