using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Questions;

/// <summary>
/// With moderation on, a question waits for the facilitator: nobody but the facilitator and its asker hears of it
/// until it is published; a dismissed question disappears for everyone but the facilitator.
/// </summary>
public sealed class ModerationTests : BoardTest
{
    private BoardClient _facilitator = null!;
    private BoardClient _asker = null!;
    private BoardClient _other = null!;
    private BoardClient _stakeholder = null!;
    private BoardClient _projector = null!;

    private BoardClient[] Everyone => [_facilitator, _asker, _other, _stakeholder, _projector];

    private BoardClient[] Bystanders => [_other, _stakeholder, _projector];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        _asker = await Room.Connect(await Room.Join("Ana Peeters"));
        _other = await Room.Connect(await Room.Join("Bram Claes"));
        _stakeholder = await Room.Connect(await Room.Invite("Jan De Smet"));
        _projector = await Room.Connect(Server.ProjectorToken, "projector");
    }

    [Fact]
    public async Task APendingQuestionReachesOnlyTheFacilitatorAndItsAskerUntilItIsPublished()
    {
        await ModerationOn();
        var text = $"Will the Tallinn pilot be funded? {Guid.NewGuid():N}";
        var before = Room.EventVersion();

        var asked = await _asker.Call("AskQuestion", Room.QuestionInput(text));
        var question = asked.Id!.Value;

        await _facilitator.WaitUntil(c => c.QuestionStatus(question) == "pending", "the pending question");
        await _asker.WaitUntil(c => c.QuestionStatus(question) == "pending" && c.MineIds("askedQuestions").Contains(question), "its own pending question");
        Assert.Equal("pending", Text($"SELECT status FROM questions WHERE id = {question}"));
        await Marker();
        foreach (var bystander in Bystanders)
        {
            Assert.Empty(bystander.EntriesAboutQuestion(question));
            Assert.DoesNotContain(bystander.Raw, raw => raw.Contains(text, StringComparison.Ordinal));
            Assert.False(bystander.Read(c => c.Questions.ContainsKey(question)));
            var replay = await bystander.SyncRaw(before);
            Assert.DoesNotContain(text, replay.GetRawText(), StringComparison.Ordinal);
            var snapshot = await BoardHttp.GetJson(Server, bystander.Token, "/api/snapshot");
            Assert.DoesNotContain(text, snapshot.GetRawText(), StringComparison.Ordinal);
        }

        await Room.RefusedWithoutChange(_other, "not_found:", "UpvoteQuestion", question);
        // The facilitator may answer it before publishing; the answer stays as hidden as the question.
        var answer = $"Yes, from the regional budget. {Guid.NewGuid():N}";
        var answered = await _facilitator.Call("AnswerQuestion", question, Room.Answer(answer));
        await _facilitator.WaitUntil(c => c.Version >= answered.Version && c.Questions[question]["answer"]?["text"]?.GetValue<string>() == answer, "the answer");
        await Marker();
        Assert.All(Bystanders, c => Assert.DoesNotContain(c.Raw, raw => raw.Contains(answer, StringComparison.Ordinal)));
        await using (var freshAsker = await BoardClient.Connect(Server, _asker.Token, "asker again"))
        {
            Assert.Equal("pending", freshAsker.QuestionStatus(question));
        }

        var published = await _facilitator.Call("PublishQuestion", question);
        await Room.AllReach(Everyone, c => c.Version >= published.Version && c.QuestionStatus(question) == "published"
            && c.Questions[question]["text"]!.GetValue<string>() == text, "the published question");
        Assert.Equal("Ana Peeters", _other.Read(c => c.Questions[question]["askerName"]?.GetValue<string>()));
        Assert.Equal(answer, _projector.Read(c => c.Questions[question]["answer"]?["text"]?.GetValue<string>()));

        // Publishing again changes nothing.
        var again = await _facilitator.Call("PublishQuestion", question);
        Assert.Equal(published.Version, Room.EventVersion());
        Assert.True(again.Version <= published.Version);
    }

    [Fact]
    public async Task ADismissedQuestionDisappearsForEveryoneButTheFacilitatorAndRestoringBringsItBack()
    {
        var text = $"Can Erasmus+ pay for interpreters? {Guid.NewGuid():N}";
        var question = (await _asker.Call("AskQuestion", Room.QuestionInput(text))).Id!.Value;
        var upvoted = await _other.Call("UpvoteQuestion", question);
        await Room.AllReach(Everyone, c => c.Version >= upvoted.Version && c.QuestionUpvotes(question) == 1, "the published question with one upvote");

        var dismissed = await _facilitator.Call("DismissQuestion", question);

        await Room.AllReach(Bystanders, c => c.Version >= dismissed.Version && !c.Questions.ContainsKey(question), "the question gone");
        Assert.All(Bystanders, c => Assert.Contains(c.EntriesAboutQuestion(question), e => e["kind"]!.GetValue<string>() == "question.removed"));
        await _facilitator.WaitUntil(c => c.Version >= dismissed.Version && c.QuestionStatus(question) == "dismissed", "the dismissed question");
        // Dismissal is silent: the asker still sees its question, as pending.
        await _asker.WaitUntil(c => c.Version >= dismissed.Version && c.QuestionStatus(question) == "pending", "its question as pending");
        Assert.Equal("dismissed", Text($"SELECT status FROM questions WHERE id = {question}"));

        // Whoever starts again now, from a snapshot or a Sync from nothing, does not get it either.
        foreach (var bystander in Bystanders)
        {
            Assert.DoesNotContain(text, (await BoardHttp.GetJson(Server, bystander.Token, "/api/snapshot")).GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(text, (await bystander.SyncRaw(0)).GetRawText(), StringComparison.Ordinal);
            await using var fresh = await BoardClient.Connect(Server, bystander.Token, bystander.Label + " again");
            Assert.False(fresh.Questions.ContainsKey(question));
        }

        await using (var freshFacilitator = await BoardClient.Connect(Server, Server.FacilitatorToken, "facilitator again"))
        {
            Assert.Equal("dismissed", freshFacilitator.QuestionStatus(question));
        }

        await Room.RefusedWithoutChange(_stakeholder, "not_found:", "UpvoteQuestion", question);

        var restored = await _facilitator.Call("RestoreQuestion", question);
        await Room.AllReach(Everyone, c => c.Version >= restored.Version && c.QuestionStatus(question) == "published", "the restored question");
        Assert.Equal("published", Text($"SELECT status FROM questions WHERE id = {question}"));
    }

    [Fact]
    public async Task AQuestionDismissedWhilePendingIsRestoredAsPendingAndStaysHidden()
    {
        await ModerationOn();
        var text = $"Is this too direct? {Guid.NewGuid():N}";
        var question = (await _asker.Call("AskQuestion", Room.QuestionInput(text))).Id!.Value;

        await _facilitator.Call("DismissQuestion", question);
        var restored = await _facilitator.Call("RestoreQuestion", question);

        await _facilitator.WaitUntil(c => c.Version >= restored.Version && c.QuestionStatus(question) == "pending", "pending again");
        await _asker.WaitUntil(c => c.Version >= restored.Version && c.QuestionStatus(question) == "pending", "its own pending question");
        await Marker();
        Assert.All(Bystanders, c => Assert.Empty(c.EntriesAboutQuestion(question)));
        Assert.All(Bystanders, c => Assert.DoesNotContain(c.Raw, raw => raw.Contains(text, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ShowingAQuestionPutsItOnEveryScreenPublishingItFirstAndDismissingItClearsTheScreen()
    {
        await ModerationOn();
        var question = (await _asker.Call("AskQuestion", Room.QuestionInput("What about rural youth?"))).Id!.Value;

        var shown = await _facilitator.Call("ShowQuestion", question);

        await Room.AllReach(Everyone, c => c.Version >= shown.Version && c.ScreenQuestionId == question && c.QuestionStatus(question) == "published",
            "the question published and on the screen");
        Assert.Equal(question, Room.Scalar("SELECT screen_question_id FROM events WHERE id = @EventId", new { Room.EventId }));

        var cleared = await _facilitator.Invoke("ShowQuestion", [null]);
        var clearedVersion = BoardClient.ReadAck(cleared).Version;
        await Room.AllReach(Everyone, c => c.Version >= clearedVersion && c.ScreenQuestionId is null, "an empty screen");

        await _facilitator.Call("ShowQuestion", question);
        var dismissed = await _facilitator.Call("DismissQuestion", question);
        await Room.AllReach(Everyone, c => c.Version >= dismissed.Version && c.ScreenQuestionId is null, "the screen cleared by the dismissal");
        await using var late = await BoardClient.Connect(Server, Server.ProjectorToken, "late projector");
        Assert.Null(late.ScreenQuestionId);
    }

    [Fact]
    public async Task WithoutModerationQuestionsArePublishedAtOnceAndPendingOnesStayPending()
    {
        await ModerationOn();
        var waiting = (await _asker.Call("AskQuestion", Room.QuestionInput("Asked while moderated"))).Id!.Value;

        var off = await _facilitator.Call("SetModeration", false);
        await Room.AllReach(Everyone, c => c.Version >= off.Version && c.Settings["moderation"]?.GetValue<bool>() == false, "moderation off");
        var direct = await _other.Call("AskQuestion", Room.QuestionInput("Asked in the open"));

        await Room.AllReach(Everyone, c => c.Version >= direct.Version && c.QuestionStatus(direct.Id!.Value) == "published", "the open question");
        Assert.Equal("pending", _facilitator.Read(c => c.QuestionStatus(waiting)));
        Assert.All(Bystanders.Where(c => c != _other), c => Assert.Empty(c.EntriesAboutQuestion(waiting)));
        Assert.Equal("pending", Text($"SELECT status FROM questions WHERE id = {waiting}"));
    }

    private async Task ModerationOn()
    {
        var on = await _facilitator.Call("SetModeration", true);
        await Room.AllReach(Everyone, c => c.Version >= on.Version && c.Settings["moderation"]?.GetValue<bool>() == true, "moderation on");
    }

    /// <summary>A change everyone sees, so that every client has certainly received all that came before it.</summary>
    private async Task Marker()
    {
        var marker = await _facilitator.Call("AddAgendaItem", new { title = "Marker", presenter = "", organisation = "", kind = "break", plannedMinutes = 5 });
        await Room.AllReach(Everyone, c => c.Version >= marker.Version, "the marker");
    }

    private string Text(string sql)
    {
        using var db = Room.Db();
        return Dapper.SqlMapper.ExecuteScalar<string>(db, sql)!;
    }
}
