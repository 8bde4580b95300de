using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Questions;

/// <summary>
/// Who asked an anonymous question is kept in the evidence only: no message to anyone, the facilitator included,
/// carries the asker's name or organisation, through every step a question can go through.
/// </summary>
public sealed class AnonymityTests : BoardTest
{
    private const string Name = "Zebediah Quillfeather";
    private const string Organisation = "Lighthouse Collective of Ostend";
    private const string Visible = "Bartholomew Inkwell";

    [Fact]
    public async Task AnAnonymousAskersNameReachesNobodyButIsKeptInTheEvidence()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var other = await Room.Connect(await Room.Join("Bram Claes"));
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var proposal = await Room.CreateProposal(owner);
        var zebediah = await Room.Join(Name, Organisation, "NL");
        var visible = await Room.Connect(await Room.Join(Visible, "Inkwell Youth", "IE"));
        var before = Room.EventVersion();
        // The facilitator comes after the check-ins: it is told who checked in (person.joined) and its snapshot lists
        // everyone, which is not what this test is about. Everything it receives from now on is.
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var asker = await Room.Connect(zebediah);
        BoardClient[] others = [owner, other, projector, facilitator, visible];

        await facilitator.Call("SetModeration", true);
        var question = (await asker.Call("AskQuestion", Room.QuestionInput("Can we join without a legal entity?", "proposal", proposal, anonymous: true))).Id!.Value;
        await facilitator.WaitUntil(c => c.QuestionStatus(question) == "pending", "the pending anonymous question");
        AssertNoAsker(facilitator.Read(c => c.Questions[question]));
        await facilitator.Call("PublishQuestion", question);
        var open = (await visible.Call("AskQuestion", Room.QuestionInput("Is there a budget for youth workers?"))).Id!.Value;
        await facilitator.Call("PublishQuestion", open);
        await asker.Call("UpvoteQuestion", open);
        await other.Call("UpvoteQuestion", question);
        await owner.Call("AnswerQuestion", question, Room.Answer("Yes, through a partner that has one."));
        await facilitator.Call("ShowQuestion", question);
        await facilitator.Call("DismissQuestion", question);
        await facilitator.Call("RestoreQuestion", question);
        var last = await facilitator.Call("ShowQuestion", question);

        await Room.AllReach([.. others, asker], c => c.Version >= last.Version && c.ScreenQuestionId == question && c.QuestionStatus(question) == "published", "the question on the screen");
        foreach (var client in others)
        {
            AssertNoAsker(client.Read(c => c.Questions[question]));
            await client.SyncRaw(before);
            await client.SyncRaw(0);
            client.Raw.Enqueue((await BoardHttp.GetJson(Server, client.Token, "/api/snapshot")).GetRawText());
        }

        foreach (var client in others)
        {
            var texts = client.Raw.Select(raw => client == facilitator ? WithoutPeople(raw) : raw).ToList();
            Assert.DoesNotContain(texts, raw => raw.Contains("Zebediah", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(texts, raw => raw.Contains("Quillfeather", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(texts, raw => raw.Contains("Lighthouse", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(client.Received, e => e["kind"]!.GetValue<string>() == "mine" && e["data"]!["askedQuestions"]!.AsArray().Any(id => id!.GetValue<long>() == question));
            Assert.DoesNotContain(client.Received, e => e["kind"]!.GetValue<string>() == "mine.question" && e["data"]!["questionId"]!.GetValue<long>() == question && e["data"]!["asked"]!.GetValue<bool>());
            // The capture does see names: the question asked in the open carries its asker's.
            Assert.Contains(texts, raw => raw.Contains(Visible, StringComparison.Ordinal));
        }

        // The asker's own copy is anonymous too; that it is theirs comes from Mine.
        AssertNoAsker(asker.Read(c => c.Questions[question]));
        Assert.Contains(question, asker.Read(c => c.MineIds("askedQuestions")));
        Assert.Contains(
            (zebediah.Id, "asked_question", "question", (long?)question),
            Room.Evidence(zebediah.Id).Select(e => (e.PersonId, e.Action, e.SubjectKind, e.SubjectId)));
        Assert.Equal(zebediah.Id, Room.Scalar("SELECT person_id FROM questions WHERE id = @question", new { question }));
    }

    private static void AssertNoAsker(JsonObject question)
    {
        Assert.True(question["anonymous"]!.GetValue<bool>());
        Assert.True(question.ContainsKey("askerName"), "askerName is part of Question and must be sent as null");
        Assert.Null(question["askerName"]);
        Assert.Null(question["askerOrganisation"]);
    }

    /// <summary>The facilitator's raw text without the people list and check-in entries, where names belong.</summary>
    private static string WithoutPeople(string raw)
    {
        var node = JsonNode.Parse(raw)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    obj.Remove("people");
                    if (obj["changes"] is JsonArray changes)
                    {
                        foreach (var change in changes.Where(c => c!["kind"]?.GetValue<string>() == "person.joined").ToList())
                        {
                            changes.Remove(change);
                        }
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }
}
