using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Matchmaking;

/// <summary>
/// Partner matchmaking (docs/privacy.md, "Fellow partners"): a joiner's contact reaches the other joiners only with
/// their fellow-partner consent, and only those who gave it themselves see the others; the owner sees the joiners
/// who consented to the owner. Checked in what each person's hub connection received (raw) and in their
/// /api/me/session; withdrawing, the owner's updates and their calendar file, erasure, and a closed session.
/// </summary>
public sealed class MatchmakingTests : BoardTest
{
    private BoardClient _owner = null!;
    private BoardClient _facilitator = null!;
    private Someone _jan = null!;
    private Someone _ann = null!;
    private Someone _bob = null!;
    private Someone _cas = null!;
    private Someone _dee = null!;
    private Someone _eli = null!;
    private readonly Dictionary<string, BoardClient> _phones = [];
    private long _proposal;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _jan = await Room.Invite("Jan De Smet");
        _owner = await Room.Connect(_jan);
        _facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        _proposal = await Room.CreateProposal(_owner);
        await _owner.Call("SetOwnerContact", new { email = "jan.owner@stad.example" });

        // Ann: both consents. Bob: fellow partners only. Cas: the owner only. Dee: neither. Eli: joined nothing.
        _ann = await Room.Join("Ann Peeters", "Jeugdhuis Ann", "BE", "ann.checkin@example.org");
        _bob = await Room.Join("Bob Martens", "Bob Vzw", "NL", "bob.checkin@example.org");
        _cas = await Room.Join("Cas Dubois", "Maison Cas", "FR", "cas.checkin@example.org");
        _dee = await Room.Join("Dee Novak", "Dee Center", "SI", "dee.checkin@example.org");
        _eli = await Room.Join("Eli Vos", "Eli Org", "BE", "eli.checkin@example.org");
        foreach (var someone in new[] { _ann, _bob, _cas, _dee, _eli })
        {
            _phones[someone.Name] = await Room.Connect(someone);
        }

        await Join(_ann, shareContact: true, sharePartners: true, email: "ann.project@example.org");
        await Join(_bob, shareContact: false, sharePartners: true);
        await Join(_cas, shareContact: true, sharePartners: false);
        await Join(_dee, shareContact: false, sharePartners: false);
    }

    private async Task Join(Someone someone, bool shareContact, bool sharePartners, string? email = null)
    {
        var membership = Room.Membership("partner", $"{someone.Name} brings trainers.", shareContact, email);
        membership["sharePartners"] = sharePartners;
        await _phones[someone.Name].Call("JoinProposal", _proposal, membership);
    }

    private Task<JsonElement> Session(string token) => BoardHttp.GetJson(Server, token, "/api/me/session");

    private static JsonElement Proposal(JsonElement session, long id) =>
        session.GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("proposalId").GetInt64() == id);

    private static Dictionary<long, string?> Partners(JsonElement proposal) =>
        proposal.GetProperty("partners").EnumerateArray().ToDictionary(
            p => p.GetProperty("personId").GetInt64(), p => p.GetProperty("email").ValueKind == JsonValueKind.Null ? null : p.GetProperty("email").GetString());

    /// <summary>The newest my.proposal entry about the proposal this client received, or null (none, or a removal).</summary>
    private static JsonObject? Live(BoardClient client, long proposalId)
    {
        JsonObject? newest = null;
        foreach (var entry in client.Received)
        {
            var data = entry["data"]?.AsObject();
            if (data?["proposalId"]?.GetValue<long>() != proposalId)
            {
                continue;
            }

            if ((string?)entry["kind"] == "my.proposal")
            {
                newest = data;
            }
            else if ((string?)entry["kind"] == "my.proposal.removed")
            {
                newest = null;
            }
        }

        return newest;
    }

    private static List<long> LivePartners(BoardClient client, long proposalId) =>
        Live(client, proposalId)?["partners"]?.AsArray().Select(p => p!["personId"]!.GetValue<long>()).ToList() ?? [];

    [Fact]
    public async Task FellowPartnersSeeEachOtherOnlyWhereBothConsentedAndNoOtherContactReachesAnyone()
    {
        var ann = _phones[_ann.Name];
        var bob = _phones[_bob.Name];
        await ann.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_bob.Id]), "Bob on Ann's page");
        await bob.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_ann.Id]), "Ann on Bob's page");
        await _owner.WaitUntil(c => LivePartners(c, _proposal).Order().SequenceEqual(new[] { _ann.Id, _cas.Id }.Order()), "Ann and Cas on the owner's page");
        await _phones[_dee.Name].WaitUntil(c => Live(c, _proposal) is not null, "Dee's page");
        await _phones[_cas.Name].WaitUntil(c => Live(c, _proposal) is not null, "Cas's page");

        var annSession = Proposal(await Session(_ann.Token), _proposal);
        Assert.Equal("member", annSession.GetProperty("role").GetString());
        Assert.True(annSession.GetProperty("seesPartners").GetBoolean());
        Assert.Equal(new Dictionary<long, string?> { [_bob.Id] = "bob.checkin@example.org" }, Partners(annSession));
        Assert.Equal("jan.owner@stad.example", annSession.GetProperty("owner").GetProperty("email").GetString());
        Assert.Equal("Jan De Smet", annSession.GetProperty("owner").GetProperty("name").GetString());

        Assert.Equal(new Dictionary<long, string?> { [_ann.Id] = "ann.project@example.org" }, Partners(Proposal(await Session(_bob.Token), _proposal)));

        // Cas shares with the owner only: she sees no fellow partner (reciprocity), though Ann and Bob share.
        var casSession = Proposal(await Session(_cas.Token), _proposal);
        Assert.False(casSession.GetProperty("seesPartners").GetBoolean());
        Assert.Empty(Partners(casSession));
        Assert.Empty(Partners(Proposal(await Session(_dee.Token), _proposal)));
        Assert.Equal(0, (await Session(_eli.Token)).GetProperty("proposals").GetArrayLength());

        // The owner: the joiners who consented to the owner, as the members' CSV has them.
        var ownerSession = Proposal(await Session(_jan.Token), _proposal);
        Assert.Equal("owner", ownerSession.GetProperty("role").GetString());
        Assert.Equal(new Dictionary<long, string?> { [_ann.Id] = "ann.project@example.org", [_cas.Id] = "cas.checkin@example.org" }, Partners(ownerSession));

        // Every address reaches exactly the people it was consented to (the facilitator sees the owner's consents, as before).
        var reached = new Dictionary<string, string[]>
        {
            ["ann.project@example.org"] = ["Jan De Smet", "facilitator", _bob.Name],
            ["bob.checkin@example.org"] = [_ann.Name],
            ["cas.checkin@example.org"] = ["Jan De Smet", "facilitator"],
            ["dee.checkin@example.org"] = [],
            ["eli.checkin@example.org"] = [],
            ["ann.checkin@example.org"] = [],
        };
        var everyone = _phones.Values.Append(_owner).Append(_facilitator).ToList();
        var sessions = new Dictionary<string, string>
        {
            ["Jan De Smet"] = (await Session(_jan.Token)).GetRawText(),
            ["facilitator"] = "",
        };
        foreach (var someone in new[] { _ann, _bob, _cas, _dee, _eli })
        {
            sessions[someone.Name] = (await Session(someone.Token)).GetRawText();
        }

        foreach (var (email, allowed) in reached)
        {
            foreach (var client in everyone)
            {
                var raw = string.Join("\n", client.Raw);
                if (!allowed.Contains(client.Label))
                {
                    Assert.False(raw.Contains(email, StringComparison.Ordinal), $"{client.Label} received {email} over the hub");
                    Assert.False(sessions[client.Label].Contains(email, StringComparison.Ordinal), $"{client.Label}'s my session shows {email}");
                }
            }
        }

        Assert.Contains("bob.checkin@example.org", string.Join("\n", ann.Raw));
        Assert.Contains("ann.project@example.org", string.Join("\n", bob.Raw));
    }

    [Fact]
    public async Task WithdrawingTheFellowPartnerConsentTakesThemOffTheOthersPagesLive()
    {
        var ann = _phones[_ann.Name];
        var bob = _phones[_bob.Name];
        await ann.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_bob.Id]), "Bob on Ann's page");

        var withdrawn = await bob.Call("SetMembershipConsents", _proposal, new { shareContact = false, sharePartners = false });

        await ann.WaitUntil(c => c.Version >= withdrawn.Version && LivePartners(c, _proposal).Count == 0, "Bob gone from Ann's page");
        await bob.WaitUntil(c => Live(c, _proposal)?["seesPartners"]?.GetValue<bool>() == false && LivePartners(c, _proposal).Count == 0,
            "Bob no longer sees Ann");
        Assert.Empty(Partners(Proposal(await Session(_ann.Token), _proposal)));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE person_id = @Id AND partners_email IS NOT NULL", new { _bob.Id }));
        Assert.Contains(bob.Read(c => c.Mine["memberships"]!.AsArray()), m => m!["proposalId"]!.GetValue<long>() == _proposal
            && !m["sharePartners"]!.GetValue<bool>() && !m["shareContact"]!.GetValue<bool>());

        // Ann withdraws only her consent to the owner: the owner's page loses her, Bob (once back) still sees her.
        var annWithdrawn = await ann.Call("SetMembershipConsents", _proposal, new { shareContact = false, sharePartners = true });
        await _owner.WaitUntil(c => c.Version >= annWithdrawn.Version && LivePartners(c, _proposal).SequenceEqual([_cas.Id]), "Ann gone from the owner's page");
        Assert.DoesNotContain("ann.project@", Proposal(await Session(_jan.Token), _proposal).GetRawText());
        await bob.Call("SetMembershipConsents", _proposal, new { shareContact = false, sharePartners = true, email = "bob.again@example.org" });
        await ann.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_bob.Id]), "Bob back on Ann's page");
        Assert.Equal(new Dictionary<long, string?> { [_ann.Id] = "ann.project@example.org" }, Partners(Proposal(await Session(_bob.Token), _proposal)));

        // Only a member changes consents; anything else is refused.
        Assert.StartsWith("not_found:", await _phones[_eli.Name].Refusal("SetMembershipConsents", _proposal, new { shareContact = true, sharePartners = true }));
        Assert.StartsWith("invalid:", await ann.Refusal("SetMembershipConsents", _proposal, new { shareContact = true }));
        Assert.StartsWith("forbidden:", await _facilitator.Refusal("SetMembershipConsents", _proposal, new { shareContact = true, sharePartners = true }));
    }

    [Fact]
    public async Task TheOwnersUpdateReachesTheJoinersLiveWithACalendarFile()
    {
        var start = new DateTimeOffset(2027, 1, 12, 14, 0, 0, TimeSpan.Zero);
        var posted = await _owner.Call("PostProposalUpdate", _proposal, new { text = "Kick-off call on 12 January, link follows.", startsAt = start, requestId = "u1" });
        var update = posted.Id!.Value;

        foreach (var someone in new[] { _ann, _bob, _cas, _dee })
        {
            await _phones[someone.Name].WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == update) == true,
                $"the update on {someone.Name}'s page");
        }

        Assert.DoesNotContain("Kick-off", string.Join("\n", _phones[_eli.Name].Raw));
        Assert.Equal(update, (await _owner.Call("PostProposalUpdate", _proposal, new { text = "Kick-off call on 12 January, link follows.", startsAt = start, requestId = "u1" })).Id);

        using var response = await BoardHttp.Get(Server, _dee.Token, $"/api/updates/{update}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.Contains("\r\nBEGIN:VEVENT\r\n", ics);
        Assert.Contains("\r\nDTSTART:20270112T140000Z\r\n", ics);
        Assert.Contains("SUMMARY:Open Badges for youth workers", ics);
        Assert.Contains("DESCRIPTION:Kick-off call on 12 January\\, link follows.", ics);
        Assert.Equal(HttpStatusCode.NotFound, (await BoardHttp.Get(Server, _eli.Token, $"/api/updates/{update}.ics")).StatusCode);

        // An update without a date has no calendar file; only the owner posts; the filter holds a rude one.
        var plain = (await _owner.Call("PostProposalUpdate", _proposal, new { text = "Minutes are in the shared folder." })).Id!.Value;
        Assert.Equal(HttpStatusCode.NotFound, (await BoardHttp.Get(Server, _ann.Token, $"/api/updates/{plain}.ics")).StatusCode);
        Assert.StartsWith("forbidden:", await _phones[_ann.Name].Refusal("PostProposalUpdate", _proposal, new { text = "Hello" }));
        Assert.StartsWith("invalid:", await _owner.Refusal("PostProposalUpdate", _proposal, new { text = "" }));

        await _facilitator.Call("AddFilterWord", "flubber");
        var held = (await _owner.Call("PostProposalUpdate", _proposal, new { text = "Bring the flubber" })).Id!.Value;
        await _owner.WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == held && u["waiting"]!.GetValue<bool>()) == true,
            "the owner sees the held update waiting");
        await _phones[_ann.Name].WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == plain) == true, "the plain update");
        Assert.DoesNotContain("flubber", string.Join("\n", _phones[_ann.Name].Raw));
        Assert.DoesNotContain("flubber", Proposal(await Session(_ann.Token), _proposal).GetRawText());
        await _facilitator.Call("ApproveProposalUpdate", held);
        await _phones[_ann.Name].WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == held) == true, "the approved update");
    }

    [Fact]
    public async Task TheFacilitatorApprovesOneHeldUpdateAndRejectsAnotherWhichNeverReachesTheJoiners()
    {
        await _facilitator.Call("AddFilterWord", "flubber");
        var approved = (await _owner.Call("PostProposalUpdate", _proposal, new { text = "Approved flubber plan" })).Id!.Value;
        var rejected = (await _owner.Call("PostProposalUpdate", _proposal, new { text = "Rejected flubber rant" })).Id!.Value;

        // The facilitator hears both with why, and finds them in the snapshot after a reload.
        await _facilitator.WaitUntil(c => string.Join("\n", c.Raw).Contains("Rejected flubber rant"), "the held updates on the console");
        using (var snapshot = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/snapshot"))
        {
            var held = JsonNode.Parse(await snapshot.Content.ReadAsStringAsync())!["heldUpdates"]!.AsArray();
            Assert.Equal([approved, rejected], held.Select(u => u!["id"]!.GetValue<long>()));
            Assert.All(held, u => Assert.Contains("flubber", u!["heldFor"]!.GetValue<string>()));
        }

        Assert.StartsWith("forbidden:", await _owner.Refusal("RejectProposalUpdate", rejected));
        await _facilitator.Call("ApproveProposalUpdate", approved);
        await _facilitator.Call("RejectProposalUpdate", rejected);
        Assert.StartsWith("invalid:", await _facilitator.Refusal("RejectProposalUpdate", approved));
        Assert.StartsWith("not_found:", await _facilitator.Refusal("ApproveProposalUpdate", rejected));

        foreach (var someone in new[] { _ann, _bob, _cas, _dee })
        {
            await _phones[someone.Name].WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == approved) == true,
                $"the approved update on {someone.Name}'s page");
            Assert.DoesNotContain("Rejected flubber", string.Join("\n", _phones[someone.Name].Raw));
            Assert.DoesNotContain("Rejected flubber", (await Session(someone.Token)).GetRawText());
        }

        // The owner's page drops it live; the console's list empties.
        await _owner.WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Any(u => u!["id"]!.GetValue<long>() == rejected) == false, "the rejected update off the owner's page");
        Assert.DoesNotContain("Rejected flubber", (await Session(_jan.Token)).GetRawText());
        using (var snapshot = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/snapshot"))
        {
            Assert.Empty(JsonNode.Parse(await snapshot.Content.ReadAsStringAsync())!["heldUpdates"]!.AsArray());
        }
    }

    [Fact]
    public async Task AnErasedJoinerDisappearsFromEveryPage()
    {
        var ann = _phones[_ann.Name];
        await ann.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_bob.Id]), "Bob on Ann's page");

        await BoardHttp.Post(Server, _bob.Token, "/api/me/erase", new { });

        await ann.WaitUntil(c => LivePartners(c, _proposal).Count == 0, "Bob gone from Ann's page");
        Assert.Empty(Partners(Proposal(await Session(_ann.Token), _proposal)));
        Assert.DoesNotContain("Bob Martens", (await Session(_ann.Token)).GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, _bob.Token, "/api/me/session")).StatusCode);
        using var db = Room.Db();
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT data FROM changes";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            Assert.DoesNotContain("bob.checkin@", reader.GetString(0));
        }

        // The owner erased: their contact and updates go, the joiners' pages say so live.
        await _owner.Call("PostProposalUpdate", _proposal, new { text = "See you in Ghent." });
        await ann.WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Count == 1, "the update on Ann's page");
        await BoardHttp.Post(Server, _jan.Token, "/api/me/erase", new { });
        await ann.WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Count == 0 && Live(c, _proposal)?["owner"]?["email"] is null,
            "the owner's contact and update gone");
        var after = Proposal(await Session(_ann.Token), _proposal).GetRawText();
        Assert.DoesNotContain("jan.owner@", after);
        Assert.DoesNotContain("Ghent", after);
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM owner_contacts"));
    }

    [Fact]
    public async Task MySessionKeepsWorkingAfterTheSessionClosesAndAPurgeEmptiesIt()
    {
        await _facilitator.Call("CloseEvent");
        await _phones[_ann.Name].WaitUntil(c => c.Closed, "closed");

        var session = await Session(_ann.Token);
        Assert.True(session.GetProperty("closed").GetBoolean());
        Assert.Equal(new Dictionary<long, string?> { [_bob.Id] = "bob.checkin@example.org" }, Partners(Proposal(session, _proposal)));

        // Read-only but for updates and consents, which still reach the pages live.
        await _owner.Call("SetProposalStatus", _proposal, "closed");
        var posted = await _owner.Call("PostProposalUpdate", _proposal, new { text = "Application sent!", startsAt = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero) });
        await _phones[_ann.Name].WaitUntil(c => Live(c, _proposal)?["updates"]?.AsArray().Count == 1, "the update after closing");
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, _ann.Token, $"/api/updates/{posted.Id}.ics")).StatusCode);
        await _phones[_bob.Name].Call("SetMembershipConsents", _proposal, new { shareContact = false, sharePartners = false });
        await _phones[_ann.Name].WaitUntil(c => LivePartners(c, _proposal).Count == 0, "Bob gone after closing");
        Assert.StartsWith("closed:", await _phones[_eli.Name].Refusal("JoinProposal", _proposal, Room.Membership("partner")));

        var purged = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/privacy/purge", new { confirm = true });
        Assert.True(purged.GetProperty("purged").GetBoolean());
        foreach (var someone in new[] { _ann, _bob, _jan })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, someone.Token, "/api/me/session")).StatusCode);
        }

        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposal_updates"));
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposal_members"));
    }

    [Fact]
    public async Task TheFellowPartnerConsentIsUntickedUnlessGiven()
    {
        var ann = _phones[_ann.Name];
        await ann.WaitUntil(c => LivePartners(c, _proposal).SequenceEqual([_bob.Id]), "Bob on Ann's page");
        var frank = await Room.Join("Frank Jansen", "Stichting Frank", "NL", "frank@example.org");
        await using var phone = await BoardClient.Connect(Server, frank.Token, "Frank");
        var before = ann.Read(c => c.Received.Count(e => (string?)e["kind"] == "my.proposal"));
        var joined = await phone.Call("JoinProposal", _proposal, Room.Membership("partner", "", shareContact: true));

        Assert.Equal(0, Room.Scalar("SELECT share_partners FROM proposal_members WHERE person_id = @Id", new { frank.Id }));
        Assert.DoesNotContain(frank.Id, Partners(Proposal(await Session(_ann.Token), _proposal)).Keys);
        // Only the pages Frank shows on hear of his join: his own and the owner's, not the fellow partners'.
        await _owner.WaitUntil(c => LivePartners(c, _proposal).Contains(frank.Id), "Frank on the owner's page");
        await phone.WaitUntil(c => Live(c, _proposal) is not null, "Frank's own page");
        await ann.WaitUntil(c => c.Version >= joined.Version, "Frank's join");
        Assert.Equal(before, ann.Read(c => c.Received.Count(e => (string?)e["kind"] == "my.proposal")));
    }
}
