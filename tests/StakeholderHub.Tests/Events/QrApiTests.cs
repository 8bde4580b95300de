using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using QRCoder;

namespace StakeholderHub.Tests.Events;

public sealed class QrApiTests : ServerTest
{
    /// <summary>What QRCoder draws for a text, as the endpoint should answer it.</summary>
    private static string Expected(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        return code.GetGraphic(new System.Drawing.Size(512, 512), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    private async Task<HttpResponseMessage> Get(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Server.Http.SendAsync(request);
    }

    private async Task<(long Id, string Link)> Invite(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites") { Content = JsonContent.Create(new { name = "Katrien", organisation = "Stad Antwerpen" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var invited = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (invited.RootElement.GetProperty("person").GetProperty("id").GetInt64(), invited.RootElement.GetProperty("link").GetString()!);
    }

    [Fact]
    public async Task TheJoinCodeIsTheJoinLinkOfThisHubAsAnSvg()
    {
        var response = await Get($"/api/qr/join/{Server.JoinCode.ToLowerInvariant()}.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Equal(Expected(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString()), svg);
        Assert.DoesNotContain("http", svg.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOPE99")]
    [InlineData("x")]
    [InlineData("%3Cscript%3E")]
    public async Task AnUnknownOrMalformedCodeDrawsNothing(string code)
    {
        var response = await Get($"/api/qr/join/{code}.svg");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.NotEqual("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnInviteCodeIsTheStakeholdersLinkForTheFacilitatorOnly()
    {
        var (id, link) = await Invite(Server.FacilitatorToken);

        var response = await Get($"/api/qr/invite/{id}.svg", Server.FacilitatorToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(Expected(link), await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get($"/api/qr/invite/{id}.svg")).StatusCode);
        var participant = await Server.Join();
        Assert.Equal(HttpStatusCode.Forbidden, (await Get($"/api/qr/invite/{id}.svg", participant.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get($"/api/qr/invite/{id}.svg", HubServer.TokenOf(link))).StatusCode);

        // Only stakeholders of the facilitator's own event.
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/qr/invite/{participant.Person.Id}.svg", Server.FacilitatorToken)).StatusCode);
        var other = await Server.CreateEvent("Ghent youth work lab");
        var (otherId, _) = await Invite(other.FacilitatorToken);
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/qr/invite/{otherId}.svg", Server.FacilitatorToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/api/qr/invite/999999.svg", Server.FacilitatorToken)).StatusCode);
    }

    [Fact]
    public async Task TheFacilitatorCanHaveAnInviteLinkAgainAndNobodyElseCan()
    {
        var (id, link) = await Invite(Server.FacilitatorToken);

        var again = await Get($"/api/invites/{id}", Server.FacilitatorToken);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("no-store", again.Headers.CacheControl?.ToString());
        using (var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync()))
        {
            Assert.Equal(link, body.RootElement.GetProperty("link").GetString());
            Assert.Equal(id, body.RootElement.GetProperty("person").GetProperty("id").GetInt64());
        }

        var participant = await Server.Join();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get($"/api/invites/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get($"/api/invites/{id}", participant.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get($"/api/invites/{id}", Server.ProjectorToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/invites/{participant.Person.Id}", Server.FacilitatorToken)).StatusCode);
        var other = await Server.CreateEvent("Ghent youth work lab");
        Assert.Equal(HttpStatusCode.NotFound, (await Get($"/api/invites/{id}", other.FacilitatorToken)).StatusCode);
    }
}
