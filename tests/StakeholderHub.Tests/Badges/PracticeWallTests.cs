using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Badges;

/// <summary>The practice wall: live for everyone, hidden by the facilitator, limits, retries, closing.</summary>
public sealed class PracticeWallTests : BoardTest
{
    private static object Practice(string title = "Badges for volunteers", string text = "We recognise volunteering with digital badges.", string? requestId = null) =>
        new { title, text, requestId };

    [Fact]
    public async Task APracticeReachesEveryoneAndAHiddenOneOnlyTheFacilitator()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters", "Youth Centre Kiel"));
        var everyone = new[] { facilitator, projector, owner, bram, ana };

        var shared = await ana.Call("SharePractice", Practice(text: "Line one\nline two"));
        var id = shared.Id!.Value;
        await Room.AllReach(everyone, c => c.Practices.ContainsKey(id), "the practice");
        var seen = bram.Practices[id];
        Assert.Equal(("Badges for volunteers", "Line one\nline two", "Ana Peeters", "Youth Centre Kiel", false),
            (seen["title"]!.GetValue<string>(), seen["text"]!.GetValue<string>(), seen["authorName"]!.GetValue<string>(),
                seen["authorOrganisation"]!.GetValue<string>(), seen["hidden"]!.GetValue<bool>()));
        Assert.Equal([("shared_practice", "practice", (long?)id)], Room.Evidence(ana.PersonId).Skip(1).Select(r => (r.Action, r.SubjectKind!, r.SubjectId)));

        var hidden = await facilitator.Call("HidePractice", id);
        await Room.AllReach(everyone, c => c.Version >= hidden.Version, "the hide");
        foreach (var client in new[] { projector, owner, bram, ana })
        {
            Assert.False(client.Practices.ContainsKey(id), $"{client.Label} still shows the hidden practice");
        }

        Assert.True(facilitator.Practices[id]["hidden"]!.GetValue<bool>());
        // Snapshots agree with what was sent.
        Assert.False((await Room.Connect(bram.Token, "Bram again")).Practices.ContainsKey(id));
        Assert.False((await Room.Connect(Server.ProjectorToken, "projector again")).Practices.ContainsKey(id));
        Assert.True((await Room.Connect(Server.FacilitatorToken, "facilitator again")).Practices[id]["hidden"]!.GetValue<bool>());
        // Hiding twice changes nothing.
        var version = Room.EventVersion();
        await facilitator.Call("HidePractice", id);
        Assert.Equal(version, Room.EventVersion());

        var shown = await facilitator.Call("ShowPractice", id);
        await Room.AllReach(everyone, c => c.Practices.TryGetValue(id, out var p) && !p["hidden"]!.GetValue<bool>(), "the practice shown again");
        Assert.True(shown.Version > version);
    }

    [Fact]
    public async Task ARetriedShareWithItsRequestIdIsStoredOnce()
    {
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var first = await ana.Call("SharePractice", Practice(requestId: "req-1"));
        var again = await ana.Call("SharePractice", Practice(requestId: "req-1"));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM practices"));
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM evidence WHERE action = 'shared_practice'"));
    }

    [Fact]
    public async Task BadPracticesAndBadCallersChangeNothing()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var practice = (await ana.Call("SharePractice", Practice())).Id!.Value;

        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(title: new string('t', 121)));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(title: "Two\nlines"));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(title: "  "));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(text: new string('x', 1501)));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(text: ""));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", Practice(requestId: new string('r', 65)));
        await Room.RefusedWithoutChange(ana, "invalid:", "SharePractice", [null]);
        await Room.RefusedWithoutChange(owner, "forbidden:", "SharePractice", Practice());
        await Room.RefusedWithoutChange(facilitator, "forbidden:", "SharePractice", Practice());
        await Room.RefusedWithoutChange(projector, "forbidden:", "SharePractice", Practice());
        await Room.RefusedWithoutChange(ana, "forbidden:", "HidePractice", practice);
        await Room.RefusedWithoutChange(owner, "forbidden:", "HidePractice", practice);
        await Room.RefusedWithoutChange(facilitator, "not_found:", "HidePractice", practice + 1000);

        // Another event's facilitator cannot hide this event's practice.
        var other = await Server.CreateEvent("Lisbon study visit", "antwerp-afternoon");
        var foreign = await Room.Connect(other.FacilitatorToken, "the other event's facilitator");
        await Room.RefusedWithoutChange(foreign, "not_found:", "HidePractice", practice);

        // Exactly at the limits is fine.
        await ana.Call("SharePractice", Practice(title: new string('t', 120), text: new string('x', 1500)));
    }

    [Fact]
    public async Task AClosedEventTakesNoNewPracticesUntilReopened()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var closed = await facilitator.Call("CloseEvent");
        await ana.WaitForVersion(closed.Version);
        Assert.True(ana.Closed);
        Assert.True((await Room.Connect(ana.Token, "Ana again")).Closed);

        await Room.RefusedWithoutChange(ana, "closed:", "SharePractice", Practice());
        await Room.RefusedWithoutChange(ana, "forbidden:", "CloseEvent");
        await Room.RefusedWithoutChange(ana, "forbidden:", "ReopenEvent");
        var version = Room.EventVersion();
        await facilitator.Call("CloseEvent");
        Assert.Equal(version, Room.EventVersion());

        var reopened = await facilitator.Call("ReopenEvent");
        await ana.WaitForVersion(reopened.Version);
        Assert.False(ana.Closed);
        await ana.Call("SharePractice", Practice());
    }
}
