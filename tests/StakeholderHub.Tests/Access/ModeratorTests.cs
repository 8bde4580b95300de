using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Access;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Access;

/// <summary>
/// The moderator (issue 18): made by the facilitator with a personal link, moderates the Q&A and the practice wall
/// and chooses the question on the screen, and nothing else: every hub method and endpoint is checked against the
/// table of docs/protocol.md ("Roles"), and what a moderator receives holds no one's personal data.
/// </summary>
public sealed class ModeratorTests : IAsyncLifetime
{
    private const Role F = Role.Facilitator;
    private const Role S = Role.Stakeholder;
    private const Role P = Role.Participant;
    private const Role M = Role.Moderator;

    /// <summary>Who may call each hub method (null: every role). A method missing here fails the first test.</summary>
    private static readonly Dictionary<string, Role[]?> Table = new()
    {
        ["Sync"] = null,
        ["Clock"] = null,
        ["AddAgendaItem"] = [F],
        ["EditAgendaItem"] = [F],
        ["RemoveAgendaItem"] = [F],
        ["ReorderAgenda"] = [F],
        ["StartAgendaItem"] = [F],
        ["NextAgendaItem"] = [F],
        ["ExtendAgendaItem"] = [F],
        ["AddPitch"] = [F],
        ["EditPitch"] = [F],
        ["RemovePitch"] = [F],
        ["ReorderPitches"] = [F],
        ["StartPitch"] = [F],
        ["ExtendPitch"] = [F],
        ["SetSchedule"] = [F],
        ["SetProjector"] = [F],
        ["PinScreen"] = [F, M],
        ["CreateProposal"] = [S, F],
        ["EditProposal"] = [S, F],
        ["SetProposalStatus"] = [S, F],
        ["ApproveProposal"] = [F],
        ["RejectProposal"] = [F],
        ["ApproveProposalUpdate"] = [F],
        ["RejectProposalUpdate"] = [F],
        ["PostProposalUpdate"] = [S],
        ["SetOwnerContact"] = [S],
        ["SetMembershipConsents"] = [P, S],
        ["UpvoteProposal"] = [P, S],
        ["WithdrawProposalUpvote"] = [P, S],
        ["JoinProposal"] = [P, S],
        ["LeaveProposal"] = [P, S],
        ["AskQuestion"] = [P, S],
        ["UpvoteQuestion"] = [P, S],
        ["WithdrawQuestionUpvote"] = [P, S],
        ["PublishQuestion"] = [F, M],
        ["DismissQuestion"] = [F, M],
        ["RestoreQuestion"] = [F, M],
        ["ShowQuestion"] = [F, M],
        ["AnswerQuestion"] = [S, F, M],
        ["SetModeration"] = [F, M],
        ["SharePractice"] = [P],
        ["HidePractice"] = [F, M],
        ["ShowPractice"] = [F, M],
        ["SaveReflection"] = [P],
        ["CloseEvent"] = [F],
        ["ReopenEvent"] = [F],
        ["SetBadgeRule"] = [F],
        ["ClaimBadge"] = [P],
        ["IssueBadges"] = [F],
        ["RevokeBadge"] = [F],
        ["CreatePoll"] = [F, S],
        ["EditPoll"] = [F, S],
        ["OpenPoll"] = [F, S],
        ["ClosePoll"] = [F, S],
        ["ShowPoll"] = [F],
        ["VotePoll"] = [P, S],
        ["HidePollWord"] = [F],
        ["ShowPollWord"] = [F],
        ["React"] = [P, S],
        ["ApproveName"] = [F],
        ["RejectName"] = [F],
        ["AddFilterWord"] = [F],
        ["RemoveFilterWord"] = [F],
    };

    private Room _room = null!;

    public async Task InitializeAsync() => _room = await Room.Start();

    public async Task DisposeAsync() => await _room.DisposeAsync();

    private static IEnumerable<MethodInfo> HubMethods() =>
        typeof(SessionHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && method.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"));

    [Fact]
    public void EveryHubMethodDeclaresTheRolesOfTheTable()
    {
        var methods = HubMethods().ToList();
        Assert.Equal(Table.Keys.Order(), methods.Select(method => method.Name).Order());
        foreach (var method in methods)
        {
            var declared = method.GetCustomAttribute<AllowAttribute>()?.Roles;
            var expected = Table[method.Name];
            if (expected is null)
            {
                Assert.NotNull(method.GetCustomAttribute<AllowEveryoneAttribute>());
                continue;
            }

            Assert.True(declared is not null && declared.Order().SequenceEqual(expected.Order()),
                $"{method.Name} declares {string.Join(", ", declared ?? [])}, the table says {string.Join(", ", expected)}");
        }
    }

    [Fact]
    public async Task AModeratorIsRefusedEveryMethodThatIsNotTheirsAndNothingChanges()
    {
        var moderator = await _room.Connect(await Invite("Mieke Moderator"));
        var before = await BoardHttp.GetJson(_room.Server, _room.Server.FacilitatorToken, "/api/snapshot");
        var refused = HubMethods().Where(method => Table[method.Name] is { } roles && !roles.Contains(M)).ToList();
        Assert.Equal(Table.Count - 11, refused.Count);
        foreach (var method in refused)
        {
            var args = method.GetParameters().Select(p => p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null
                ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
            var error = await Assert.ThrowsAsync<HubException>(() => moderator.Invoke(method.Name, args));
            Assert.True(error.Message.Contains("HubException: forbidden: Only ", StringComparison.Ordinal), $"{method.Name}: {error.Message}");
        }

        var after = await BoardHttp.GetJson(_room.Server, _room.Server.FacilitatorToken, "/api/snapshot");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AModeratorRunsTheQuestionsThePracticeWallAndTheScreen()
    {
        var moderator = await _room.Connect(await Invite("Mieke Moderator"));
        var ana = await _room.Connect(await _room.Join("Ana Peeters"));
        var participant = await _room.Connect(await _room.Join("Bram Claes"));

        // Q&A moderation: on, a question waits, the moderator publishes it, puts it on the screen and pins it.
        await moderator.Call("SetModeration", true);
        var asked = await ana.Call("AskQuestion", new { text = "Who funds the pilot?", target = new { kind = "room" }, anonymous = false });
        var id = asked.Id!.Value;
        await moderator.WaitUntil(c => c.Questions.ContainsKey(id), "the pending question");
        Assert.Equal("pending", moderator.Questions[id]["status"]!.GetValue<string>());
        Assert.False(participant.Questions.ContainsKey(id));
        await moderator.Call("PublishQuestion", id);
        await moderator.Call("ShowQuestion", id);
        var pinned = await moderator.Call("PinScreen", true);
        await participant.WaitForVersion(pinned.Version);
        Assert.Equal(id, participant.ScreenQuestionId);
        var answered = await moderator.Call("AnswerQuestion", id, new { text = (string?)null, live = true });
        await participant.WaitForVersion(answered.Version);
        Assert.True(participant.Questions[id]["answer"]!["live"]!.GetValue<bool>());
        Assert.Equal("Mieke Moderator", participant.Questions[id]["answer"]!["byName"]!.GetValue<string>());
        await moderator.Call("ShowQuestion", (long?)null);
        var dismissed = await moderator.Call("DismissQuestion", id);
        await participant.WaitForVersion(dismissed.Version);
        Assert.False(participant.Questions.ContainsKey(id));
        await moderator.Call("RestoreQuestion", id);

        // The practice wall: the filter holds one (the moderator sees it and why), the moderator shows it.
        var facilitator = await _room.Connect(_room.Server.FacilitatorToken, "facilitator");
        await facilitator.Call("AddFilterWord", "Brexit");
        var shared = await participant.Call("SharePractice", new { title = "Brexit lessons", text = "What we learnt." });
        var practiceId = shared.Id!.Value;
        await moderator.WaitUntil(c => c.Practices.ContainsKey(practiceId), "the held practice");
        Assert.False(string.IsNullOrEmpty(moderator.Practices[practiceId]["heldFor"]?.GetValue<string>()));
        var shown = await moderator.Call("ShowPractice", practiceId);
        await ana.WaitForVersion(shown.Version);
        Assert.True(ana.Practices.ContainsKey(practiceId));
        var hidden = await moderator.Call("HidePractice", practiceId);
        await ana.WaitForVersion(hidden.Version);
        Assert.False(ana.Practices.ContainsKey(practiceId));
    }

    [Fact]
    public async Task OnlyTheFacilitatorMakesAModeratorWithAPersonalLinkToTheModeratorPage()
    {
        var server = _room.Server;
        var invited = await BoardHttp.Post(server, server.FacilitatorToken, "/api/invites", new { name = "Mieke", organisation = "Stad Gent", role = "moderator" });
        var link = invited.GetProperty("link").GetString()!;
        Assert.StartsWith(new Uri(server.BaseUrl, "/moderator#token=").ToString(), link);
        Assert.Equal("moderator", invited.GetProperty("person").GetProperty("role").GetString());
        var token = HubServer.TokenOf(link);
        var me = (await BoardHttp.GetJson(server, token, "/api/snapshot")).GetProperty("me");
        Assert.Equal("moderator", me.GetProperty("role").GetString());
        Assert.Equal("Mieke", me.GetProperty("name").GetString());

        // The facilitator can hand it out again, as a stakeholder's.
        var id = invited.GetProperty("person").GetProperty("id").GetInt64();
        var again = await BoardHttp.GetJson(server, server.FacilitatorToken, $"/api/invites/{id}");
        Assert.StartsWith(new Uri(server.BaseUrl, "/moderator#token=").ToString(), again.GetProperty("link").GetString());
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(server, server.FacilitatorToken, $"/api/qr/invite/{id}.svg")).StatusCode);

        // Nobody else makes one, nor sees a link; an unknown role is refused.
        var participant = await _room.Join("Ana Peeters");
        var stakeholder = await _room.Invite("Katrien");
        foreach (var other in new[] { token, participant.Token, stakeholder.Token, server.ProjectorToken })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostStatus(other, "/api/invites", new { name = "Eve", role = "moderator" })));
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(server, other, $"/api/invites/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostStatus(server.FacilitatorToken, "/api/invites", new { name = "Eve", role = "facilitator" }));
        // Without a role it is a stakeholder, as before.
        var plain = await BoardHttp.Post(server, server.FacilitatorToken, "/api/invites", new { name = "Jan" });
        Assert.Equal("stakeholder", plain.GetProperty("person").GetProperty("role").GetString());
        Assert.Contains("/stakeholder#token=", plain.GetProperty("link").GetString());
    }

    /// <summary>The HTTP endpoints a moderator may use: the snapshot and the calendar; every other one that needs a role refuses.</summary>
    [Fact]
    public async Task AModeratorHasNoExportsNoPrivacySettingsAndNoPeople()
    {
        var server = _room.Server;
        var moderator = await Invite("Mieke Moderator");
        var participant = await _room.Join("Ana Peeters");
        // The calendar needs the session's planned start.
        var facilitator = await _room.Connect(server.FacilitatorToken, "facilitator");
        await facilitator.Call("SetSchedule", new { startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(1).AddHours(3) });
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(server, moderator.Token, "/api/snapshot")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(server, moderator.Token, "/api/agenda.ics")).StatusCode);
        foreach (var path in new[]
        {
            "/api/agenda.json", "/api/agenda.csv", "/api/questions.csv", "/api/polls/results.csv", "/api/badges/earners.csv",
            "/api/badges/credentials.json", "/api/privacy/settings", "/api/me/data", $"/api/invites/{participant.Id}",
            $"/api/qr/invite/{moderator.Id}.svg", "/api/proposals/1/members.csv",
        })
        {
            Assert.True((await BoardHttp.Get(server, moderator.Token, path)).StatusCode == HttpStatusCode.Forbidden, $"GET {path}");
        }

        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/privacy/settings", new { retentionDays = 1 }), ("/api/privacy/purge", new { }), ($"/api/people/{participant.Id}/erase", new { }),
            ("/api/agenda.json", new { items = Array.Empty<object>() }), ("/api/me/erase", new { }), ("/api/me/profile", new { name = "X" }),
        })
        {
            Assert.True(await PostStatus(moderator.Token, path, body) == HttpStatusCode.Forbidden, $"POST {path}");
        }
    }

    /// <summary>
    /// Everything a moderator's connection receives (the snapshot, every batch, Sync) is captured as the server sent
    /// it: the held question and practice and why are there; no e-mail address, no people list, no contact, no
    /// badge progress, no privacy settings, no held name's reason, no link. The facilitator, in the same room, does
    /// get them (so the test can fail).
    /// </summary>
    [Fact]
    public async Task WhatAModeratorReceivesHoldsNoPersonalData()
    {
        var server = _room.Server;
        var facilitator = await _room.Connect(server.FacilitatorToken, "facilitator");
        var moderator = await _room.Connect(await Invite("Mieke Moderator"));
        await facilitator.Call("AddFilterWord", "Voldemort");

        var ana = await _room.Join("Ana Peeters", email: "ana.peeters@example.org", badgeEmail: true);
        var held = await _room.Join("Voldemort Fan", organisation: "Dark Arts", email: "tom.riddle@example.org");
        var stakeholder = await _room.Invite("Katrien Stakeholder", "Stad Antwerpen");
        var katrien = await _room.Connect(stakeholder);
        var anaClient = await _room.Connect(ana);
        var proposal = await katrien.Call("CreateProposal", Room.ProposalInput());
        await anaClient.Call("JoinProposal", proposal.Id!.Value, Room.Membership(shareContact: true, email: "ana.contact@example.org", note: "We run a youth centre"));
        var question = await anaClient.Call("AskQuestion", new { text = "Is Voldemort invited?", target = new { kind = "room" }, anonymous = false });
        var practice = await anaClient.Call("SharePractice", new { title = "Voldemort-free meetings", text = "Ask nobody." });
        await BoardHttp.Post(server, server.FacilitatorToken, "/api/privacy/settings", new { retentionDays = 30, controller = "Stad Antwerpen, privacy@antwerpen.example" });
        var last = await facilitator.Call("SetModeration", false);
        await moderator.WaitForVersion(last.Version);
        await facilitator.WaitForVersion(last.Version);
        await moderator.SyncRaw(0);
        await moderator.SyncRaw(1);
        await facilitator.SyncRaw(0);

        var received = string.Join("\n", moderator.Raw);
        var facilitatorReceived = string.Join("\n", facilitator.Raw);
        // What moderating needs.
        Assert.Contains("Is Voldemort invited?", received);
        Assert.Contains("Voldemort-free meetings", received);
        Assert.False(string.IsNullOrEmpty(moderator.Questions[question.Id!.Value]["heldFor"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(moderator.Practices[practice.Id!.Value]["heldFor"]?.GetValue<string>()));
        // Nothing personal, which the facilitator does get.
        foreach (var personal in new[]
        {
            "ana.peeters@example.org", "tom.riddle@example.org", "ana.contact@example.org", "We run a youth centre",
            "privacy@antwerpen.example", "\"kind\":\"person.joined\"", "\"kind\":\"member\"", "\"kind\":\"progress\"",
            "\"kind\":\"privacy\"", "\"kind\":\"filter.words\"", "\"nameHeldFor\":\"", "\"projector\":\"http", "Dark Arts",
        })
        {
            Assert.DoesNotContain(personal, received, StringComparison.Ordinal);
        }

        foreach (var personal in new[]
        {
            "ana.contact@example.org", "\"kind\":\"person.joined\"", "\"kind\":\"member\"",
            "\"kind\":\"privacy\"", "\"kind\":\"filter.words\"", "\"nameHeldFor\":\"", "Dark Arts",
        })
        {
            Assert.Contains(personal, facilitatorReceived, StringComparison.Ordinal);
        }

        var snapshot = await BoardHttp.GetJson(server, moderator.Token, "/api/snapshot");
        Assert.Equal(0, snapshot.GetProperty("people").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("links").ValueKind);
        Assert.Equal(0, snapshot.GetProperty("members").GetArrayLength());
        Assert.Equal(0, snapshot.GetProperty("progress").GetArrayLength());
        _ = held;
    }

    private async Task<Someone> Invite(string name)
    {
        var invited = await BoardHttp.Post(_room.Server, _room.Server.FacilitatorToken, "/api/invites", new { name, organisation = "Stad Gent", role = "moderator" });
        return new Someone(HubServer.TokenOf(invited.GetProperty("link").GetString()!), invited.GetProperty("person").GetProperty("id").GetInt64(), name);
    }

    private async Task<HttpStatusCode> PostStatus(string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (await _room.Server.Http.SendAsync(request)).StatusCode;
    }
}
