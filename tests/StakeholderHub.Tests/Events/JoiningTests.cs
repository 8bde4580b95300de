using System.Net;
using System.Net.Http.Json;
using Dapper;
using StakeholderHub.Events;

namespace StakeholderHub.Tests.Events;

public sealed class JoiningTests : ServerTest
{
    [Fact]
    public async Task JoiningChecksInWithEvidenceAndTellsTheRoom()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var projector = await Server.Connect(Server.ProjectorToken);

        var joined = await Server.Join("Sofie Janssens", "CODEC", "be");

        Assert.Equal(("participant", "Sofie Janssens", "CODEC", "BE"),
            (Roles.Name(joined.Person.Role), joined.Person.Name, joined.Person.Organisation, joined.Person.Country));
        Assert.EndsWith($"/participant#token={joined.Token}", joined.Links.Participant);
        await projector.WaitUntil(c => c.Participants == 1);
        await facilitator.WaitUntil(c => c.Applied.Any(change => change.Kind == "person.joined"));
        Assert.DoesNotContain(projector.Applied, change => change.Kind == "person.joined");

        await using var connection = Server.Db();
        var evidence = connection.Query<(long PersonId, string Action, long Version)>(
            "SELECT person_id, action, version FROM evidence").ToList();
        var row = Assert.Single(evidence);
        Assert.Equal((joined.Person.Id, "checked_in"), (row.PersonId, row.Action));
        Assert.Equal(connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = @Id", new { Id = joined.EventId }), row.Version);
    }

    [Fact]
    public async Task ARetriedJoinWithTheSameRequestIsTheSamePerson()
    {
        var first = await Server.Join("Ana", requestId: "3f0c9a4e-retry");
        var again = await Server.Join("Ana", requestId: "3f0c9a4e-retry");
        var other = await Server.Join("Ana", requestId: "another-phone");

        Assert.Equal(first.Person.Id, again.Person.Id);
        Assert.Equal(first.Token, again.Token);
        Assert.NotEqual(first.Person.Id, other.Person.Id);
        Assert.Equal(2, (await Server.Snapshot(first.Token)).Attendance.Participants);
    }

    [Fact]
    public async Task TheJoinPageCanShowTheEventBeforeJoining()
    {
        var summary = await Server.Http.GetFromJsonAsync<EventSummary>($"/api/join/{Server.JoinCode.ToLowerInvariant()}", Json.Options);
        Assert.Equal(Server.DefaultEvent.Event.Title, summary!.Title);

        var unknown = await Server.Http.GetAsync("/api/join/NOPE99");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public static TheoryData<string, object> BadForms => new()
    {
        { "invalid", new { code = "", name = "Ana", organisation = "CAP-City", country = "BE" } },
        { "not_found", new { code = "ZZZZZZ", name = "Ana", organisation = "CAP-City", country = "BE" } },
        { "invalid", new { code = "{code}", name = "", organisation = "CAP-City", country = "BE" } },
        { "invalid", new { code = "{code}", name = new string('a', 81), organisation = "CAP-City", country = "BE" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = "", country = "BE" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = new string('o', 121), country = "BE" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = "CAP-City", country = "Belgium" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = "CAP-City", country = "XX" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = "CAP-City", country = "BE", email = "not-an-address" } },
        { "invalid", new { code = "{code}", name = "Ana", organisation = "CAP-City", country = "BE", requestId = new string('r', 65) } },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task ABadJoinFormIsRefusedAndNobodyIsAdded(string code, object form)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(form).Replace("{code}", Server.JoinCode);
        var before = await Server.Snapshot(Server.FacilitatorToken);

        var response = await Server.Http.PostAsync("/api/join", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.False(response.IsSuccessStatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.StartsWith($"{code}: ", problem.GetProperty("detail").GetString());
        var after = await Server.Snapshot(Server.FacilitatorToken);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.People.Count, after.People.Count);
    }

    [Theory]
    [InlineData("{\"name\": \"Ana\"")]
    [InlineData("{\"name\": 5, \"organisation\": \"CAP-City\"}")]
    [InlineData("[1, 2, 3]")]
    public async Task AnUnreadableBodyIsInvalidWithASentence(string body)
    {
        var response = await Server.Http.PostAsync("/api/join", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("invalid", problem.GetProperty("code").GetString());
        Assert.StartsWith("invalid: The request could not be read", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnOverLongCodeIsInvalidRatherThanEchoed()
    {
        var response = await Server.Http.GetAsync($"/api/join/{new string('A', 300)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(new string('A', 100), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreatingAnEventNeedsTheFacilitatorKey()
    {
        var withoutKey = await Server.CreateEventRequest(new { title = "Ghent" }, key: null);
        var wrongKey = await Server.CreateEventRequest(new { title = "Ghent" }, key: "guess");
        var badTemplate = await Server.CreateEventRequest(new { title = "Ghent", template = "nope" }, Server.FacilitatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTemplate.StatusCode);

        var (created, facilitatorToken, _) = await Server.CreateEvent("Ghent youth work lab");
        var snapshot = await Server.Snapshot(facilitatorToken);
        Assert.Equal("Ghent youth work lab", snapshot.Event.Title);
        Assert.Empty(snapshot.Agenda.Items);
        Assert.NotEqual(Server.JoinCode, created.JoinCode);
    }

    [Fact]
    public async Task TheFacilitatorInvitesAStakeholderWithAPersonalLink()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites")
        {
            Content = JsonContent.Create(new { name = "Jan De Smet", organisation = "Stad Antwerpen" }),
        };
        request.Headers.Authorization = new("Bearer", Server.FacilitatorToken);
        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invited = (await response.Content.ReadFromJsonAsync<Invited>(Json.Options))!;
        var snapshot = await Server.Snapshot(HubServer.TokenOf(invited.Link));
        Assert.Equal((Role.Stakeholder, "Jan De Smet"), (snapshot.Me.Role, snapshot.Me.Name));
        Assert.Contains("/stakeholder#token=", invited.Link);
    }

    [Fact]
    public async Task AParticipantCannotInvite()
    {
        var joined = await Server.Join();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites") { Content = JsonContent.Create(new { name = "Me again" }) };
        request.Headers.Authorization = new("Bearer", joined.Token);

        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single((await Server.Snapshot(Server.FacilitatorToken)).People, p => p.Role == Role.Participant);
    }
}
