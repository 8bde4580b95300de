using System.Globalization;
using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Privacy;

/// <summary>
/// An anonymous question names its asker to nobody but the server, timing included: no entry about the asker reaches
/// any other client, the facilitator included, with the question or in the batches after it while the asker does
/// nothing else (nor through Sync or a snapshot); their own progress counts it at once, and the facilitator's copy
/// catches up when the asker next does something named. Their credential and badge page say it to the day only.
/// </summary>
public sealed class AnonymousProgressTests : BoardTest
{
    private const string Name = "Zebediah Quillfeather";
    private const string Organisation = "Lighthouse Collective of Ostend";
    private const string Text = "Can we join without a legal entity?";

    [Fact]
    public async Task NoEntryAboutAnAnonymousAskerReachesAnyoneElseUntilTheyDoSomethingNamed()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var proposal = await Room.CreateProposal(owner);
        var zebediah = await Room.Join(Name, Organisation, "NL");
        var asker = await Room.Connect(zebediah);
        var joined = await asker.Call("JoinProposal", proposal, Room.Membership("partner"));
        await facilitator.WaitUntil(c => c.DoneSteps(zebediah.Id).Contains("joined_proposal"), "the asker's named step");
        var before = joined.Version;
        BoardClient[] others = [facilitator, owner, projector, bram];
        var seen = others.ToDictionary(client => client, client => client.Received.Count);

        var question = (await asker.Call("AskQuestion", Room.QuestionInput(Text, anonymous: true))).Id!.Value;
        // The asker sees their own step done at once.
        await asker.WaitUntil(c => c.DoneSteps(zebediah.Id).Contains("asked_or_shared"), "the asker's own progress");
        // The facilitator dismisses and restores it (each touches the asker's count), and the room goes on.
        await facilitator.Call("DismissQuestion", question);
        await facilitator.Call("RestoreQuestion", question);
        await bram.Call("UpvoteQuestion", question);
        await bram.Call("UpvoteProposal", proposal);
        var last = await bram.Call("AskQuestion", Room.QuestionInput("Is there a budget for travel?"));
        await Room.AllReach(others, c => c.Version >= last.Version, "the room's later changes");

        foreach (var client in others)
        {
            var after = client.Received.Skip(seen[client]).ToList();
            Assert.DoesNotContain(after, entry => Names(entry["data"], zebediah.Id));
            Assert.DoesNotContain(Replayed(await client.SyncRaw(before)), entry => Names(entry!["data"], zebediah.Id));
        }

        // The facilitator's snapshot and its replay from the start show the asker's step as it was before the question.
        var snapshot = JsonNode.Parse((await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot")).GetRawText())!;
        Assert.Equal(0, Count(snapshot["progress"]!.AsArray().Single(p => p!["personId"]!.GetValue<long>() == zebediah.Id)!, "asked_or_shared"));
        var fromStart = JsonNode.Parse((await facilitator.SyncRaw(0)).GetRawText())!;
        var copies = fromStart["snapshot"] is JsonObject again
            ? again["progress"]!.AsArray().Where(p => p!["personId"]!.GetValue<long>() == zebediah.Id).ToList()
            : [.. fromStart["batch"]!["changes"]!.AsArray()
                .Where(e => e!["kind"]!.GetValue<string>() == "progress" && e["data"]!["personId"]!.GetValue<long>() == zebediah.Id)
                .Select(e => e!["data"])];
        Assert.NotEmpty(copies);
        Assert.All(copies, copy => Assert.Equal(0, Count(copy!, "asked_or_shared")));
        Assert.DoesNotContain("asked_or_shared", facilitator.DoneSteps(zebediah.Id));

        // Something named of the asker's own releases it: the facilitator's copy then counts the question too.
        await asker.Call("SharePractice", new { title = "Open Badges in youth centres", text = "We badge volunteering." });
        await facilitator.WaitUntil(c => c.Progress.TryGetValue(zebediah.Id, out var p) && Count(p, "asked_or_shared") == 2, "the released count");
        var released = JsonNode.Parse((await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot")).GetRawText())!;
        Assert.Equal(2, Count(released["progress"]!.AsArray().Single(p => p!["personId"]!.GetValue<long>() == zebediah.Id)!, "asked_or_shared"));
    }

    [Fact]
    public async Task ALaterAnonymousQuestionStaysWithheldAfterARelease()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var zebediah = await Room.Join(Name, Organisation, "NL");
        var asker = await Room.Connect(zebediah);
        await asker.Call("SharePractice", new { title = "Peer mentoring", text = "Young people mentor each other." });
        await facilitator.WaitUntil(c => c.Progress.TryGetValue(zebediah.Id, out var p) && Count(p, "asked_or_shared") == 1, "the practice counted");
        var seen = facilitator.Received.Count;

        await asker.Call("AskQuestion", Room.QuestionInput(Text, anonymous: true));
        var last = await facilitator.Call("SetModeration", true);
        await facilitator.WaitForVersion(last.Version);
        Assert.DoesNotContain(facilitator.Received.Skip(seen), entry => Names(entry["data"], zebediah.Id));
        Assert.Equal(1, Count(facilitator.Read(c => c.Progress[zebediah.Id]), "asked_or_shared"));

        // Closing the session releases everyone's.
        var closed = await facilitator.Call("CloseEvent");
        await facilitator.WaitForVersion(closed.Version);
        Assert.Equal(2, Count(facilitator.Read(c => c.Progress[zebediah.Id]), "asked_or_shared"));
    }

    [Fact]
    public async Task TheCredentialAndBadgePageSayAnAnonymousQuestionWithoutTextTargetOrTime()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var proposal = await Room.CreateProposal(owner, Room.ProposalInput("Learning cities twinning"));
        var zebediah = await Room.Join(Name, Organisation, "NL");
        var asker = await Room.Connect(zebediah);
        await asker.Call("JoinProposal", proposal, Room.Membership("partner"));
        var question = (await asker.Call("AskQuestion", Room.QuestionInput(Text, "proposal", proposal, anonymous: true))).Id!.Value;
        var last = await asker.Call("SaveReflection", new { takeHome = "Partners in Lisbon.", contribute = "Hosting." });
        await asker.WaitForVersion(last.Version);
        var badge = (await asker.Invoke("ClaimBadge", new { email = "zeb@example.org" })).GetProperty("badge").GetProperty("id").GetString()!;

        var asked = DateTimeOffset.FromUnixTimeMilliseconds(Room.Scalar("SELECT created_at FROM questions WHERE id = @question", new { question })).UtcDateTime;
        var json = await Server.Http.GetStringAsync($"badges/{badge}/credential.json");
        var jwt = await Server.Http.GetStringAsync($"badges/{badge}/credential.jwt");
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        var page = await Server.Http.GetStringAsync($"badges/{badge}");
        var assertion = await Server.Http.GetStringAsync($"ob2/assertions/{badge}");
        foreach (var said in new[] { json, payload, page, assertion })
        {
            Assert.Contains("Asked a question (anonymously).", said, StringComparison.Ordinal);
            Assert.DoesNotContain("legal entity", said, StringComparison.Ordinal);
            // The proposal is in the credential through the join, not through the question.
            Assert.DoesNotContain("Asked a question about", said, StringComparison.Ordinal);
        }

        // On the page, the day alone (the other items have their time of day).
        var item = page[page.IndexOf("Asked a question (anonymously).", StringComparison.Ordinal)..];
        item = item[..item.IndexOf("</li>", StringComparison.Ordinal)];
        Assert.Contains(asked.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) + "</time>", item, StringComparison.Ordinal);
        Assert.DoesNotContain(":", item.Replace("datetime=", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var evidence = JsonNode.Parse(json)!["evidence"]!.AsArray();
        var anonymous = evidence.Single(e => e!["narrative"]!.GetValue<string>() == "Asked a question (anonymously).")!;
        Assert.Equal($"Recorded by StakeholderHub during \"{Server.DefaultEvent.Event.Title}\" on {asked:yyyy-MM-dd}.", anonymous["description"]!.GetValue<string>());
        // Last, so that its place among the others does not say when it was asked.
        Assert.Same(anonymous, evidence[^1]);
    }

    /// <summary>The entries a Sync answer replays (none when it answers with a snapshot).</summary>
    private static JsonArray Replayed(System.Text.Json.JsonElement sync) =>
        JsonNode.Parse(sync.GetRawText())!["batch"]?["changes"]?.AsArray() ?? [];

    /// <summary>Whether an entry's data is about the person: their id as its person or in a progress entry.</summary>
    private static bool Names(JsonNode? data, long personId) =>
        data is JsonObject obj && obj["personId"] is JsonValue id && id.GetValue<long>() == personId;

    private static long Count(JsonNode progress, string step) =>
        progress["steps"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == step)!["count"]!.GetValue<long>();
}
