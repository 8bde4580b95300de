using System.Text.Json.Nodes;
using static StakeholderHub.Tests.Polls.PollTests;

namespace StakeholderHub.Tests.Polls;

/// <summary>
/// With moderation off, what the content filter catches is held for the facilitator, who sees why; its author sees
/// it waiting; and no message to another participant or to the projector carries it.
/// </summary>
public sealed class ContentFilterTests : BoardTest
{
    [Theory]
    [InlineData("What a load of bullshit, who pays?", "word:en:bullshit")]
    [InlineData("Welke klootzak heeft dit bedacht?", "word:nl:klootzak")]
    [InlineData("C'est quoi ce BORDEL DE MERDE ?", "word:fr:bordel de merde")]
    [InlineData("Qui est le connard qui a écrit ça ?", "word:fr:connard")]
    [InlineData("Dit is echt KÜT", "word:nl:kut")]
    [InlineData("Cheap flights at www.example-deals.com today", "link")]
    [InlineData("Buy https://spam.example now", "link")]
    [InlineData("badges badges badges badges badges badges now", "repeated")]
    public async Task AListedWordALinkOrARepeatIsHeldAndReachesNobodyElse(string text, string reason)
    {
        var (facilitator, asker, other, projector) = await People();

        var asked = await asker.Call("AskQuestion", Room.QuestionInput(text));

        await facilitator.WaitForVersion(asked.Version);
        var held = facilitator.Read(c => c.Questions[asked.Id!.Value]);
        Assert.Equal("pending", held["status"]!.GetValue<string>());
        Assert.Equal(reason, held["heldFor"]!.GetValue<string>());
        await asker.WaitForVersion(asked.Version);
        var own = asker.Read(c => c.Questions[asked.Id!.Value]);
        Assert.Equal("pending", own["status"]!.GetValue<string>());
        Assert.Null(own["heldFor"]);
        await NobodyElseSaw(text, other, projector);
    }

    [Theory]
    [InlineData("Who pays for the travel to Lisbon?")]
    [InlineData("Can a con artist be a youth worker? Asking for Scunthorpe.")]
    [InlineData("Wie betaalt de reis? Qui paie le voyage ?")]
    public async Task ACleanQuestionIsPublishedAtOnce(string text)
    {
        var (_, asker, other, projector) = await People();
        var asked = await asker.Call("AskQuestion", Room.QuestionInput(text));
        await Room.AllReach([other, projector], c => c.Version >= asked.Version && c.QuestionStatus(asked.Id!.Value) == "published", "published");
    }

    [Fact]
    public async Task TheFacilitatorsOwnWordsHoldTooAndOnlyTheFacilitatorSeesTheList()
    {
        var (facilitator, asker, other, projector) = await People();
        var added = await facilitator.Call("AddFilterWord", "Brexit");
        await Room.AllReach([facilitator, other], c => c.Version >= added.Version, "the list");
        Assert.Contains(facilitator.Received, e => e["kind"]!.GetValue<string>() == "filter.words");
        Assert.DoesNotContain(other.Received, e => e["kind"]!.GetValue<string>() == "filter.words");

        var asked = await asker.Call("AskQuestion", Room.QuestionInput("And what about brexit then?"));
        await facilitator.WaitUntil(c => c.Version >= asked.Version, "the question");
        Assert.Equal("word:event:brexit", facilitator.Read(c => c.Questions[asked.Id!.Value]["heldFor"]!.GetValue<string>()));
        await NobodyElseSaw("And what about brexit then?", other, projector);

        // Asking the same again is held as a repeat of its own; a word taken off the list no longer holds.
        await facilitator.Call("RemoveFilterWord", "brexit");
        var again = await asker.Call("AskQuestion", Room.QuestionInput("And what about brexit then?"));
        await facilitator.WaitUntil(c => c.Version >= again.Version, "the repeat");
        Assert.Equal("repeated", facilitator.Read(c => c.Questions[again.Id!.Value]["heldFor"]!.GetValue<string>()));
        var fresh = await asker.Call("AskQuestion", Room.QuestionInput("Is brexit still a topic?"));
        await projector.WaitUntil(c => c.Version >= fresh.Version && c.QuestionStatus(fresh.Id!.Value) == "published", "published");

        // The facilitator publishes a held question: then the room sees it.
        var published = await facilitator.Call("PublishQuestion", asked.Id!.Value);
        await projector.WaitUntil(c => c.Version >= published.Version && c.QuestionStatus(asked.Id!.Value) == "published", "published by hand");
        Assert.Null(projector.Read(c => c.Questions[asked.Id!.Value]["heldFor"]));
    }

    [Fact]
    public async Task AHeldPracticeAndAHeldWordCloudAnswerReachNobodyElse()
    {
        var (facilitator, author, other, projector) = await People();
        var shared = await author.Call("SharePractice", new { title = "Our youth centre", text = "We stopped that klootzak of a director." });
        await facilitator.WaitForVersion(shared.Version);
        Assert.Equal("word:nl:klootzak", facilitator.Read(c => c.Practices[shared.Id!.Value]["heldFor"]!.GetValue<string>()));
        await author.WaitForVersion(shared.Version);
        Assert.True(author.Read(c => c.Practices[shared.Id!.Value]["hidden"]!.GetValue<bool>()));

        var cloud = (await facilitator.Call("CreatePoll", Input("words", "One word", []))).Id!.Value;
        await facilitator.Call("OpenPoll", cloud);
        await facilitator.Call("ShowPoll", cloud);
        var voted = await author.Call("VotePoll", cloud, Words("Trust", "putain"));
        await author.WaitForVersion(voted.Version);
        var mine = author.Read(c => c.PollMine[cloud]["words"]!.AsArray().Select(w => (w!["text"]!.GetValue<string>(), w["waiting"]!.GetValue<bool>())).ToList());
        Assert.Equal([("Trust", false), ("putain", true)], mine.OrderBy(w => w.Item1, StringComparer.Ordinal));
        await projector.WaitForVersion(voted.Version);
        Assert.Equal(["Trust"], projector.Read(c => c.Cloud(cloud).Keys.ToList()));
        await facilitator.WaitForVersion(voted.Version);
        var heldWord = facilitator.Read(c => c.PollResults[cloud]["words"]!.AsArray().Single(w => w!["key"]!.GetValue<string>() == "putain"));
        Assert.Equal("word:fr:putain", heldWord!["heldReason"]!.GetValue<string>());
        await NobodyElseSaw("putain", other, projector);
        await NobodyElseSaw("klootzak", other, projector);

        // The facilitator lets the answer in: now it is on the wall.
        var shown = await facilitator.Call("ShowPollWord", cloud, "putain");
        await projector.WaitUntil(c => c.Version >= shown.Version && c.Cloud(cloud).ContainsKey("putain"), "the released word");
    }

    private async Task<(BoardClient Facilitator, BoardClient Author, BoardClient Other, BoardClient Projector)> People()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var author = await Room.Connect(await Room.Join("Ana Peeters"));
        var other = await Room.Connect(await Room.Join("Bram Claes"));
        return (facilitator, author, other, projector);
    }

    /// <summary>Nothing the participant or the projector received, raw, carries the text; a fresh snapshot neither.</summary>
    private async Task NobodyElseSaw(string text, params BoardClient[] clients)
    {
        var version = Room.EventVersion();
        foreach (var client in clients)
        {
            await client.WaitForVersion(version);
            Assert.DoesNotContain(client.Raw, raw => raw.Contains(JsonValue.Create(text)!.ToJsonString()[1..^1], StringComparison.OrdinalIgnoreCase));
            var snapshot = await BoardHttp.GetJson(Server, client.Token, "/api/snapshot");
            Assert.DoesNotContain(text, snapshot.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
