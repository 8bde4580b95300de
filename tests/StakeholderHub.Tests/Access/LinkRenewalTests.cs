using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace StakeholderHub.Tests.Access;

/// <summary>
/// A leaked link is given again: the old one is refused at once over HTTP and at connect, its open connection is
/// closed, the new one works, and nobody but the facilitator can do it. The facilitator's own link, the projector's, a
/// stakeholder's and a participant's. An erase closes the erased person's connections the same way.
/// </summary>
public sealed class LinkRenewalTests : BoardTest
{
    [Fact]
    public async Task AStakeholdersNewLinkStopsTheOldOneAtOnceAndClosesItsConnection()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var jan = await Room.Invite("Jan De Smet");
        var old = await Room.Connect(jan.Token, "Jan's leaked link");
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, jan.Token, "/api/snapshot")).StatusCode);

        var renewed = await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{jan.Id}/link", new { });
        var link = renewed.GetProperty("link").GetString()!;
        var token = HubServer.TokenOf(link);
        Assert.Contains("/stakeholder#token=", link, StringComparison.Ordinal);
        Assert.Equal($"{jan.Id}.1.", token[..(token.LastIndexOf('.') + 1)]);

        // At once: the answer came after the commit, and the commit revoked the old link.
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, jan.Token, "/api/snapshot")).StatusCode);
        await WaitClosed(old.Connection, "Jan's connection with the old link");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Connection(jan.Token).StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The new link works, for the same person with the same role.
        var snapshot = await BoardHttp.GetJson(Server, token, "/api/snapshot");
        Assert.Equal(jan.Id, snapshot.GetProperty("me").GetProperty("id").GetInt64());
        var fresh = await Room.Connect(token, "Jan's new link");
        var proposal = (await fresh.Call("CreateProposal", Room.ProposalInput())).Id!.Value;
        Assert.True(proposal > 0);

        // The other consoles hear that a link changed, never the link itself.
        await facilitator.WaitUntil(c => c.Received.Any(e => e["kind"]?.GetValue<string>() == "person.link"), "person.link");
        var raw = string.Join("\n", facilitator.Raw);
        Assert.DoesNotContain(token.Split('.')[^1], raw, StringComparison.Ordinal);

        // A second renewal makes the first new link old too.
        var again = HubServer.TokenOf((await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{jan.Id}/link", new { })).GetProperty("link").GetString()!);
        Assert.StartsWith($"{jan.Id}.2.", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, token, "/api/snapshot")).StatusCode);
        await WaitClosed(fresh.Connection, "Jan's connection with the first new link");
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, again, "/api/snapshot")).StatusCode);
    }

    [Fact]
    public async Task TheProjectorsAndTheFacilitatorsOwnLinkAreGivenAgain()
    {
        var screen = await Room.Connect(Server.ProjectorToken, "projector");
        var renewed = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/projector/link", new { });
        var projectorToken = HubServer.TokenOf(renewed.GetProperty("link").GetString()!);
        Assert.Contains("/projector#token=", renewed.GetProperty("link").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, Server.ProjectorToken, "/api/snapshot")).StatusCode);
        await WaitClosed(screen.Connection, "the projector with the old link");
        await using var newScreen = await Room.Connect(projectorToken, "projector, new link");

        // The facilitator's snapshot hands out the projector's new link.
        var links = (await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot")).GetProperty("links");
        Assert.EndsWith(projectorToken, links.GetProperty("projector").GetString()!, StringComparison.Ordinal);

        // The facilitator's own link: the old console is closed, the new one goes on.
        var console = await Room.Connect(Server.FacilitatorToken, "facilitator, old link");
        var me = console.PersonId;
        var own = await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{me}/link", new { });
        var facilitatorToken = HubServer.TokenOf(own.GetProperty("link").GetString()!);
        Assert.Contains("/facilitator#token=", own.GetProperty("link").GetString()!, StringComparison.Ordinal);
        await WaitClosed(console.Connection, "the facilitator's console with the old link");
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/snapshot")).StatusCode);
        var newConsole = await Room.Connect(facilitatorToken, "facilitator, new link");
        await newConsole.Call("StartAgendaItem", newConsole.AgendaItemIds[0]);
    }

    [Fact]
    public async Task OnlyTheFacilitatorGivesLinksAndOnlyInTheirOwnEvent()
    {
        var ana = await Room.Join("Ana Peeters");
        var jan = await Room.Invite("Jan De Smet");
        foreach (var token in new[] { ana.Token, jan.Token, Server.ProjectorToken })
        {
            var answer = await BoardHttp.PostRaw(Server, token, $"/api/people/{ana.Id}/link");
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.PostRaw(Server, token, "/api/projector/link")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.PostRaw(Server, null, $"/api/people/{ana.Id}/link")).StatusCode);

        // Another event's facilitator cannot reach this event's people.
        var (_, otherFacilitator, _) = await Server.CreateEvent("Another city", "antwerp-afternoon");
        var elsewhere = await BoardHttp.PostRaw(Server, otherFacilitator, $"/api/people/{ana.Id}/link");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Contains($"There is no person {ana.Id} in this session.", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, ana.Token, "/api/snapshot")).StatusCode);

        // A participant's new link: the participant page, the old one refused.
        var renewed = await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{ana.Id}/link", new { });
        Assert.Contains("/participant#token=", renewed.GetProperty("link").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, ana.Token, "/api/snapshot")).StatusCode);
    }

    [Fact]
    public async Task AModeratorsNewLinkWithdrawsTheOldOne()
    {
        var invited = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/invites", new { name = "Mieke Moderator", organisation = "Stad Gent", role = "moderator" });
        var mieke = invited.GetProperty("person").GetProperty("id").GetInt64();
        var old = HubServer.TokenOf(invited.GetProperty("link").GetString()!);
        var client = await Room.Connect(old, "Mieke with the old link");

        var renewed = await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{mieke}/link", new { });
        Assert.Contains("/moderator#token=", renewed.GetProperty("link").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, old, "/api/snapshot")).StatusCode);
        await WaitClosed(client.Connection, "Mieke's connection with the old link");
        // The invite link shown again is the new one.
        var again = await BoardHttp.GetJson(Server, Server.FacilitatorToken, $"/api/invites/{mieke}");
        Assert.Equal(renewed.GetProperty("link").GetString(), again.GetProperty("link").GetString());
    }

    [Fact]
    public async Task AnErasedPersonsOpenConnectionIsClosed()
    {
        var bram = await Room.Join("Bram Claes");
        var client = await Room.Connect(bram.Token, "Bram");
        await BoardHttp.Post(Server, Server.FacilitatorToken, $"/api/people/{bram.Id}/erase", new { });
        await WaitClosed(client.Connection, "Bram's connection after the erase");
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, bram.Token, "/api/snapshot")).StatusCode);
    }

    public static TheoryData<string> ForgedGenerations => new()
    {
        "{0}.1.{1}", // the first link's signature under another generation
        "{0}.0.{1}", // generation 0 written out
        "{0}.01.{1}",
        "{0}.-1.{1}",
        "{0}.+1.{1}",
        "{0}..{1}",
    };

    [Theory]
    [MemberData(nameof(ForgedGenerations))]
    public async Task AGenerationCannotBeForged(string pattern)
    {
        var ana = await Room.Join("Ana Peeters");
        var signature = ana.Token[(ana.Token.IndexOf('.') + 1)..];
        var forged = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, ana.Id, signature);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, forged, "/api/snapshot")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, ana.Token, "/api/snapshot")).StatusCode);
    }

    /// <summary>The server closed the connection: it is not connected, and it does not come back (its link is refused).</summary>
    private static async Task WaitClosed(HubConnection connection, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (connection.State == HubConnectionState.Connected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} is still open");
            await Task.Delay(20);
        }

        await Task.Delay(500);
        Assert.NotEqual(HubConnectionState.Connected, connection.State);
    }

    private HubConnection Connection(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();
}
