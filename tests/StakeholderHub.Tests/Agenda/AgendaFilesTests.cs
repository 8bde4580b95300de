using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Agenda;

/// <summary>
/// The agenda as a file: the facilitator exports it as JSON and CSV and imports the same files back (one change that
/// everyone sees live, or nothing at all), and everyone downloads it as an iCalendar file.
/// </summary>
public sealed class AgendaFilesTests : IAsyncLifetime
{
    private Room _room = null!;

    public async Task InitializeAsync() => _room = await Room.Start();

    public async Task DisposeAsync() => await _room.DisposeAsync();

    private HubServer Server => _room.Server;

    [Fact]
    public async Task AnExportedAgendaImportsBackAsJsonAndAsCsvAndEveryoneSeesItLive()
    {
        var speaker = await _room.Invite("Jan Janssens", "Stad Antwerpen");
        await using var stakeholder = await Server.Connect(speaker.Token);
        var proposalId = (await stakeholder.Invoke<Ack>("CreateProposal", Room.ProposalInput("Badges, in every youth centre; really"))).Id!.Value;
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var block = facilitator.Agenda!.Items.Single(item => item.Kind == "proposals");
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput(null, proposalId, null, null, 4));
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("=Lisbon, \"City\" of Learning", null, null, "Marta Silva", 3));
        var added = await facilitator.Invoke<Ack>("AddAgendaItem", new AgendaItemInput("-Closing; drinks", "Eva, Claes", "", "break", 15, speaker.Id));
        await facilitator.WaitUntil(c => c.Version >= added.Version);

        var json = await Text(await Get(Server.FacilitatorToken, "/api/agenda.json"));
        var csvResponse = await Get(Server.FacilitatorToken, "/api/agenda.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = await Text(csvResponse);
        var file = JsonSerializer.Deserialize<AgendaFile>(json, Json.Options)!;
        Assert.Equal(facilitator.Agenda!.Items.Count, file.Items!.Count);
        Assert.Equal(2, file.Items.Single(item => item.Kind == "proposals").Pitches!.Count);

        await using var ana = await Server.Connect((await Server.Join("Ana")).Token);
        var imported = await Send(Server.FacilitatorToken, "/api/agenda.json", json);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var version = JsonDocument.Parse(await Text(imported)).RootElement.GetProperty("version").GetInt64();
        await ana.WaitUntil(c => c.Version >= version);
        Assert.Equal(file.Items.Select(item => item.Title), ana.Agenda!.Items.Select(item => item.Title));
        Assert.Equal(["=Lisbon, \"City\" of Learning"], ana.Agenda.Items.SelectMany(item => item.Pitches).Where(p => p.ProposalId is null).Select(p => p.Title));
        Assert.Equal(json, await Text(await Get(Server.FacilitatorToken, "/api/agenda.json")));

        var fromCsv = await Send(Server.FacilitatorToken, "/api/agenda.csv", csv);
        Assert.Equal(HttpStatusCode.OK, fromCsv.StatusCode);
        Assert.Equal(json, await Text(await Get(Server.FacilitatorToken, "/api/agenda.json")));
        Assert.Equal(csv, await Text(await Get(Server.FacilitatorToken, "/api/agenda.csv")));
    }

    [Fact]
    public async Task ASpreadsheetsSemicolonCsvWithItsOwnColumnOrderImports()
    {
        const string sheet = "Minutes;Title;Type;Kind;Presenter or speaker\r\n10;Welcome;item;talk;Ana\r\n45;Pitches;item;proposals;\r\n"
            + "5;Lisbon City of Learning;pitch;;Marta Silva\r\n;;;;\r\n20;\"Reflection; and what next\";item;reflection;\r\n";

        var response = await Send(Server.FacilitatorToken, "/api/agenda.csv", sheet);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = JsonSerializer.Deserialize<AgendaFile>(await Text(await Get(Server.FacilitatorToken, "/api/agenda.json")), Json.Options)!;
        Assert.Equal(["Welcome", "Pitches", "Reflection; and what next"], file.Items!.Select(item => item.Title));
        Assert.Equal(("Lisbon City of Learning", "Marta Silva", 5), file.Items![1].Pitches!.Select(p => (p.Title, p.Speaker, p.PlannedMinutes)).Single());
    }

    [Fact]
    public async Task OnlyTheFacilitatorExportsAndImportsAndNothingIsStoredForOthers()
    {
        var participant = (await Server.Join("Ana")).Token;
        var stakeholder = (await _room.Invite("Jan")).Token;
        var json = await Text(await Get(Server.FacilitatorToken, "/api/agenda.json"));
        var version = await Version();

        foreach (var token in new[] { participant, stakeholder, Server.ProjectorToken })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Get(token, "/api/agenda.json")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Get(token, "/api/agenda.csv")).StatusCode);
            var refused = await Send(token, "/api/agenda.json", """{"items":[{"title":"Mine now","kind":"talk","plannedMinutes":5}]}""");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("forbidden", JsonDocument.Parse(await Text(refused)).RootElement.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(null, "/api/agenda.csv", "type,title,minutes\r\nitem,Mine,5\r\n")).StatusCode);
        Assert.Equal(version, await Version());
        Assert.Equal(json, await Text(await Get(Server.FacilitatorToken, "/api/agenda.json")));
    }

    [Theory]
    [InlineData("agenda.json", "{\"items\": [", "The agenda file is not valid JSON: it must be an object with a list of items, as an exported agenda.json has.")]
    [InlineData("agenda.json", "{\"items\": []}", "The agenda file has no items.")]
    [InlineData("agenda.json", "{\"items\": [{\"title\":\"Fine\",\"kind\":\"talk\",\"plannedMinutes\":5},{\"title\":\"Odd\",\"kind\":\"party\",\"plannedMinutes\":5}]}",
        "The kind must be one of: {0}.")]
    [InlineData("agenda.json", "{\"items\": [{\"title\":\"Fine\",\"kind\":\"talk\",\"plannedMinutes\":5,\"pitches\":[{\"title\":\"Long\",\"plannedMinutes\":61}]}]}",
        "The {0} must be between {1} and {2}.")]
    [InlineData("agenda.csv", "type,title,minutes\r\npitch,Too early,5\r\n", "Row {0} of the agenda file is a pitch before any item: a pitch belongs to the item above it.")]
    [InlineData("agenda.csv", "type,title,kind,minutes\r\nitem,Welcome,talk,ten\r\n", "Row {0} of the agenda file: the minutes must be a whole number.")]
    [InlineData("agenda.csv", "type,title,kind,minutes\r\nitem,Welcome,talk,10\r\nsession,Odd,talk,5\r\n", "Row {0} of the agenda file: the type must be item or pitch.")]
    [InlineData("agenda.csv", "name,length\r\nWelcome,10\r\n", "The agenda file's first row must name its columns: {0}.")]
    [InlineData("agenda.csv", "type,title,kind,minutes,stakeholder id\r\nitem,Welcome,talk,10,\r\nitem,Talk,talk,10,987654\r\n", "There is no stakeholder {0} in this session.")]
    public async Task ABadFileIsRefusedWithItsProblemAndNothingIsStored(string path, string body, string template)
    {
        var json = await Text(await Get(Server.FacilitatorToken, "/api/agenda.json"));
        var version = await Version();

        var response = await Send(Server.FacilitatorToken, $"/api/{path}", body);

        var problem = JsonDocument.Parse(await Text(response)).RootElement;
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{response.StatusCode}: {problem}");
        Assert.Equal(template, problem.GetProperty("template").GetString());
        Assert.Equal(version, await Version());
        Assert.Equal(json, await Text(await Get(Server.FacilitatorToken, "/api/agenda.json")));
    }

    [Fact]
    public async Task AnAgendaWithAPlannedItemSomethingRefersToIsNotReplaced()
    {
        var speaker = await _room.Invite("Jan");
        await using var stakeholder = await Server.Connect(speaker.Token);
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var item = facilitator.Agenda!.Items[^1];
        await stakeholder.Invoke<Ack>("CreateProposal", Room.ProposalInput("Badges in every youth centre", ("agendaItemId", item.Id)));
        var version = await Version();

        var response = await Send(Server.FacilitatorToken, "/api/agenda.json", """{"items":[{"title":"New","kind":"talk","plannedMinutes":5}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("refer to planned agenda items", await Text(response));
        Assert.Equal(version, await Version());
    }

    [Fact]
    public async Task EveryoneDownloadsTheAgendaAsACalendarFromTheSchedule()
    {
        var participant = (await Server.Join("Ana")).Token;
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(participant, "/api/agenda.ics")).StatusCode);

        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var start = new DateTimeOffset(2026, 11, 28, 13, 30, 0, TimeSpan.Zero);
        await facilitator.Invoke<Ack>("SetSchedule", new ScheduleInput(start, start.AddHours(2)));
        var title = "Pitches, proposals; and \\ questions — with a title long enough to be folded over more than one line";
        var added = await facilitator.Invoke<Ack>("AddAgendaItem", new AgendaItemInput(title, "Eva", "CODEC", "talk", 10));
        await facilitator.WaitUntil(c => c.Version >= added.Version);
        var items = facilitator.Agenda!.Items;

        var response = await Get(participant, "/api/agenda.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await Text(response);
        Assert.DoesNotMatch("[^\r]\n", text);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", text);
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        var lines = text.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"longer than 75 octets: {line}"));
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Equal(items.Count, unfolded.Count(line => line == "BEGIN:VEVENT"));
        Assert.Equal(items.Count, unfolded.Where(line => line.StartsWith("UID:", StringComparison.Ordinal)).Distinct().Count());
        Assert.Equal(items.Count, unfolded.Count(line => line.StartsWith("DTSTAMP:", StringComparison.Ordinal) && line.EndsWith('Z')));
        Assert.Equal("DTSTART:20261128T133000Z", unfolded.First(line => line.StartsWith("DTSTART:", StringComparison.Ordinal)));
        var end = start.AddMinutes(items.Sum(item => item.PlannedMinutes)).UtcDateTime;
        Assert.Equal($"DTEND:{end:yyyyMMdd'T'HHmmss'Z'}", unfolded.Last(line => line.StartsWith("DTEND:", StringComparison.Ordinal)));
        Assert.Contains("SUMMARY:Pitches\\, proposals\\; and \\\\ questions — with a title long enough to be folded over more than one line", unfolded);
        Assert.Contains("DESCRIPTION:Eva · CODEC", unfolded);

        Assert.Equal(HttpStatusCode.OK, (await Get(Server.ProjectorToken, "/api/agenda.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(null, "/api/agenda.ics")).StatusCode);
    }

    private async Task<long> Version() => (await Server.Snapshot(Server.FacilitatorToken)).Version;

    private Task<HttpResponseMessage> Get(string? token, string path) => BoardHttp.Get(Server, token, path);

    private async Task<HttpResponseMessage> Send(string? token, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, path.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Server.Http.SendAsync(request);
    }

    private static async Task<string> Text(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
