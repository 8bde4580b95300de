using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Badges;

/// <summary>Badge progress follows the evidence live, through the event's rule; only the participant and the facilitator see it.</summary>
public sealed class ProgressTests : BoardTest
{
    private static readonly string[] AllSteps = ["checked_in", "joined_proposal", "asked_or_shared", "reflected"];

    [Fact]
    public async Task ProgressGoesFromCheckInToDoneStepByStepAndOnlyTheFacilitatorSeesIt()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var proposal = await Room.CreateProposal(owner);
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var id = ana.PersonId;

        // Checked in: the first step is done from the start, in the snapshot.
        Assert.Equal(["checked_in"], ana.DoneSteps(id));
        Assert.False(ana.Eligible(id));
        await facilitator.WaitUntil(c => c.DoneSteps(id).SequenceEqual(["checked_in"]), "Ana checked in, for the facilitator");

        // An upvote is evidence but counts for no step.
        await ana.Call("UpvoteProposal", proposal);
        Assert.Equal(["checked_in"], ana.DoneSteps(id));

        var joined = await ana.Call("JoinProposal", proposal, Room.Membership("partner"));
        await ana.WaitForVersion(joined.Version);
        Assert.Equal(["checked_in", "joined_proposal"], ana.DoneSteps(id));
        await facilitator.WaitUntil(c => c.DoneSteps(id).Count == 2, "Ana joined, for the facilitator");

        var asked = await ana.Call("AskQuestion", Room.QuestionInput("Is there money for travel?"));
        await ana.WaitForVersion(asked.Version);
        Assert.Equal(["checked_in", "joined_proposal", "asked_or_shared"], ana.DoneSteps(id));
        Assert.False(ana.Eligible(id));

        var reflected = await ana.Call("SaveReflection", new { takeHome = "Open Badges travel between cities.", contribute = "" });
        await ana.WaitForVersion(reflected.Version);
        Assert.Equal(AllSteps, ana.DoneSteps(id));
        Assert.True(ana.Eligible(id));
        await facilitator.WaitUntil(c => c.Eligible(id), "Ana eligible, for the facilitator");
        var step = ana.Progress[id]["steps"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "joined_proposal")!;
        Assert.Equal((1, 1), (step["count"]!.GetValue<int>(), step["required"]!.GetValue<int>()));

        // The same progress after a reconnect (snapshot) as live.
        var again = await Room.Connect(ana.Token, "Ana again");
        Assert.Equal(AllSteps, again.DoneSteps(id));
        Assert.True(again.Eligible(id));

        // Nobody else received anyone's progress: not another participant, the projector or the owner.
        await bram.WaitForVersion(reflected.Version);
        await projector.WaitForVersion(reflected.Version);
        await owner.WaitForVersion(reflected.Version);
        foreach (var other in new[] { bram, projector, owner })
        {
            Assert.DoesNotContain(other.Received, entry => entry["kind"]!.GetValue<string>() == "progress" && entry["data"]!["personId"]!.GetValue<long>() == id);
            Assert.False(other.Progress.ContainsKey(id), $"{other.Label} holds Ana's progress");
        }

        Assert.Equal([bram.PersonId], bram.Progress.Keys);
        Assert.Empty(projector.Progress);
        Assert.Empty(owner.Progress);
        var fresh = await Room.Connect(Server.FacilitatorToken, "facilitator again");
        Assert.Equal([bram.PersonId, id], fresh.Progress.Keys.Order());
    }

    [Fact]
    public async Task TheFacilitatorChangesAThresholdAndEveryonesProgressFollows()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var first = await Room.CreateProposal(owner);
        var second = await Room.CreateProposal(owner, Room.ProposalInput("Youth workers' exchange"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var id = ana.PersonId;
        await ana.Call("JoinProposal", first, Room.Membership("observer"));
        await ana.Call("JoinProposal", first, Room.Membership("partner")); // the same proposal again counts once
        await ana.Call("SharePractice", new { title = "Badges for volunteers", text = "We recognise volunteering with badges." });
        var last = await ana.Call("SaveReflection", new { takeHome = "A network.", contribute = "Hosting a meeting." });
        await ana.WaitForVersion(last.Version);
        Assert.True(ana.Eligible(id));

        var changed = await facilitator.Call("SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 2 } });
        await ana.WaitForVersion(changed.Version);
        Assert.False(ana.Eligible(id));
        Assert.Equal(["checked_in", "asked_or_shared", "reflected"], ana.DoneSteps(id));
        Assert.Equal(2, ana.Rule["steps"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "joined_proposal")!["required"]!.GetValue<int>());
        await facilitator.WaitUntil(c => !c.Eligible(id), "Ana no longer eligible, for the facilitator");

        // The achievement's criteria say the new threshold in words.
        var achievement = JsonNode.Parse(await Server.Http.GetStringAsync($"badges/events/{Room.EventId}/achievement"))!;
        var criteria = achievement["criteria"]!["narrative"]!.GetValue<string>();
        Assert.Contains("joined at least 2 cooperation proposals", criteria, StringComparison.Ordinal);
        Assert.Contains("asked a question or shared a good practice", criteria, StringComparison.Ordinal);

        var joined = await ana.Call("JoinProposal", second, Room.Membership("co-applicant"));
        await ana.WaitForVersion(joined.Version);
        Assert.True(ana.Eligible(id));

        // The rule is kept: a new connection reads the same thresholds.
        var fresh = await Room.Connect(ana.Token, "Ana again");
        Assert.Equal(2, fresh.Rule["steps"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "joined_proposal")!["required"]!.GetValue<int>());
        Assert.True(fresh.Eligible(id));

        // Bad rules and bad callers change nothing.
        await Room.RefusedWithoutChange(ana, "forbidden:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 1 } });
        await Room.RefusedWithoutChange(owner, "forbidden:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 1 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["upvoted"] = 1 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 0 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 11 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["checked_in"] = 2 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 1, ["nope"] = 1 } });
        await Room.RefusedWithoutChange(facilitator, "invalid:", "SetBadgeRule", [null]);
    }

    [Fact]
    public async Task AHiddenPracticeOrADismissedQuestionNoLongerCounts()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var id = ana.PersonId;
        var shared = await ana.Call("SharePractice", new { title = "Learning cities map", text = "A map of where young people learn." });
        await ana.WaitForVersion(shared.Version);
        Assert.Contains("asked_or_shared", ana.DoneSteps(id));

        var hidden = await facilitator.Call("HidePractice", shared.Id!.Value);
        await ana.WaitForVersion(hidden.Version);
        Assert.DoesNotContain("asked_or_shared", ana.DoneSteps(id));
        var shown = await facilitator.Call("ShowPractice", shared.Id!.Value);
        await ana.WaitForVersion(shown.Version);
        Assert.Contains("asked_or_shared", ana.DoneSteps(id));
        await facilitator.Call("HidePractice", shared.Id!.Value);

        var asked = await Room.Ask(ana, Room.QuestionInput("Who funds this?"));
        await ana.WaitUntil(c => c.DoneSteps(id).Contains("asked_or_shared"), "the question counts");
        var dismissed = await facilitator.Call("DismissQuestion", asked);
        await ana.WaitForVersion(dismissed.Version);
        Assert.DoesNotContain("asked_or_shared", ana.DoneSteps(id));
        var restored = await facilitator.Call("RestoreQuestion", asked);
        await ana.WaitForVersion(restored.Version);
        Assert.Contains("asked_or_shared", ana.DoneSteps(id));
        await facilitator.WaitUntil(c => c.DoneSteps(id).Contains("asked_or_shared"), "the facilitator sees the same");
    }

    [Fact]
    public async Task UpvotesAloneSendNoProgress()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var proposal = await Room.CreateProposal(owner);
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var checkedIn = Room.EventVersion();
        for (var i = 0; i < 3; i++)
        {
            await ana.Call("UpvoteProposal", proposal);
            var last = await ana.Call("WithdrawProposalUpvote", proposal);
            await ana.WaitForVersion(last.Version);
        }

        // Her check-in's progress may still arrive in a batch after her snapshot; nothing after it.
        Assert.DoesNotContain(ana.Received, entry => entry["kind"]!.GetValue<string>() == "progress" && entry["version"]!.GetValue<long>() > checkedIn);
        Assert.Equal(6, Room.Evidence(ana.PersonId).Count(row => row.Action.Contains("upvote", StringComparison.Ordinal)));
    }
}
