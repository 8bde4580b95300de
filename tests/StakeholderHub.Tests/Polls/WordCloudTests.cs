using StakeholderHub.Polls;
using static StakeholderHub.Tests.Polls.PollTests;

namespace StakeholderHub.Tests.Polls;

/// <summary>Word-cloud answers are grouped as a person would group them, and the facilitator decides what the wall shows.</summary>
public sealed class WordCloudTests : BoardTest
{
    [Theory]
    [InlineData("Open Badges", "open badges")]
    [InlineData("  open   badges ", "open badges")]
    [InlineData("OPEN\tBADGES", "open badges")]
    [InlineData("caf\u00e9", "caf\u00e9")]
    [InlineData("cafe\u0301", "caf\u00e9")]
    [InlineData("\u00c9DUCATION", "\u00e9ducation")]
    [InlineData("E\u0301ducation", "\u00e9ducation")]
    [InlineData("🎉 Fun", "🎉 fun")]
    [InlineData("Çà ÿ", "çà ÿ")]
    public void AnswersAreGroupedByCaseSpacesAndNormalForm(string answer, string key) => Assert.Equal(key, WordKey.Of(answer));

    [Fact]
    public void TheShownTextKeepsItsCaseButNotItsSpaces() => Assert.Equal("Open Badges", WordKey.Text("  Open \u00a0 Badges\n"));

    [Fact]
    public async Task TheProjectorsCloudGroupsAnswersAndTheFacilitatorHidesOne()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var cloud = (await facilitator.Call("CreatePoll", Input("words", "One word for non-formal learning", []))).Id!.Value;
        await facilitator.Call("OpenPoll", cloud);
        await facilitator.Call("ShowPoll", cloud);
        var crowd = await Room.Crowd(5);
        string[][] answers =
        [
            ["Open Badges", "Café", "🎉"],
            ["open badges ", "cafe\u0301"],
            ["OPEN  BADGES", "🎉", "Trust"],
            ["Trust"],
            ["trust", "Open badges"],
        ];
        var acks = await Task.WhenAll(crowd.Select((c, i) => c.Call("VotePoll", cloud, Words(answers[i]))));

        await projector.WaitUntil(c => c.Version >= acks.Max(a => a.Version), "every answer");
        var shown = projector.Read(c => c.Cloud(cloud));
        Assert.Equal(4, shown.Count);
        Assert.Equal(4, shown.Single(w => w.Key.Equals("open badges", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal(3, shown.Single(w => w.Key.Equals("trust", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal(2, shown.Single(w => w.Key.Normalize().Equals("Café".Normalize(), StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal(2, shown["🎉"]);
        // The most frequent first.
        var order = projector.Read(c => c.PollResults[cloud]["words"]!.AsArray().Select(w => w!["count"]!.GetValue<long>()).ToList());
        Assert.Equal(order.OrderDescending(), order);
        Assert.Equal(2, Room.Scalar("SELECT COUNT(*) FROM evidence WHERE action = 'answered_word_cloud' AND person_id IN (SELECT id FROM people WHERE name IN ('Participant 1', 'Participant 2'))"));

        var hidden = await facilitator.Call("HidePollWord", cloud, "TRUST");
        await projector.WaitUntil(c => c.Version >= hidden.Version && !c.Cloud(cloud).Keys.Any(k => k.Equals("trust", StringComparison.OrdinalIgnoreCase)), "trust hidden");
        // The facilitator's own batch may arrive after the acknowledgement: wait for it rather than read at once.
        await facilitator.WaitUntil(c => c.Version >= hidden.Version && c.PollResults[cloud]["words"]!.AsArray()
            .Any(w => w!["key"]!.GetValue<string>() == "trust" && w["hidden"]!.GetValue<bool>()), "trust hidden for the facilitator");
        var back = await facilitator.Call("ShowPollWord", cloud, "trust");
        // Shown as first given: "Trust" or "trust", whichever of the answers sent at once was committed first.
        await projector.WaitUntil(c => c.Version >= back.Version && c.Cloud(cloud).Keys.Any(k => k.Equals("trust", StringComparison.OrdinalIgnoreCase)), "trust back");
    }
}
