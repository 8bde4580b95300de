using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Agenda;

/// <summary>
/// The agenda as a file: exported and imported as JSON or CSV by the facilitator (a run of show prepared in a
/// spreadsheet), and as an iCalendar file for everyone's calendar (docs/protocol.md, "The agenda as a file").
/// </summary>
public static class AgendaFiles
{
    /// <summary>An agenda of a hundred items with their pitches fits easily; the API's usual cap (16 KB) would not.</summary>
    public const long MaxFileBytes = 256 * 1024;

    public const int MaxItems = 100;

    public const int MaxPitches = 40;

    private static readonly string[] CsvColumns = ["type", "title", "presenter or speaker", "organisation", "kind", "minutes", "stakeholder id", "proposal id"];

    public static IEndpointRouteBuilder MapAgendaFiles(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        api.MapGet("/agenda.json", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            var file = ToFile(AgendaStore.Load(sql, caller.EventId));
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"agenda.json\"";
            return Results.Json(file, Json.Options);
        }).RequireRoles(Role.Facilitator);

        api.MapGet("/agenda.csv", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            http.Response.Headers.CacheControl = "no-store";
            return AgendaCsv(sql, caller.EventId).Result(CsvFileName);
        }).RequireRoles(Role.Facilitator);

        api.MapPost("/agenda.json", async (HttpContext http, PeopleDirectory people, ChangeWriter writer) =>
        {
            var caller = await people.Caller(http.User);
            var file = FromJson(await ReadFile(http));
            return Results.Json(await Import(writer, caller, file), Json.Options);
        }).RequireRoles(Role.Facilitator);

        api.MapPost("/agenda.csv", async (HttpContext http, PeopleDirectory people, ChangeWriter writer) =>
        {
            var caller = await people.Caller(http.User);
            var file = FromCsv(await ReadFile(http));
            return Results.Json(await Import(writer, caller, file), Json.Options);
        }).RequireRoles(Role.Facilitator);

        api.MapGet("/agenda.ics", async (HttpContext http, PeopleDirectory people, Database database, TimeProvider clock) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            var agenda = AgendaStore.Load(sql, caller.EventId);
            var title = EventStore.Find(sql, caller.EventId)?.Title ?? "";
            var calendar = Calendar(agenda, caller.EventId, title, http.Request.Host.Host, clock.GetUtcNow());
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(calendar), "text/calendar; charset=utf-8", "agenda.ics");
        }).RequireRoles(Role.Facilitator, Role.Stakeholder, Role.Participant, Role.Projector, Role.Moderator);

        return routes;
    }

    public const string CsvFileName = "agenda.csv";

    /// <summary>The agenda as CSV, one row per item and one per pitch under it: agenda.csv and its copy in exports.zip.</summary>
    public static Csv AgendaCsv(IStoreReader sql, long eventId)
    {
        var csv = new Csv(CsvColumns);
        foreach (var item in ToFile(AgendaStore.Load(sql, eventId)).Items ?? [])
        {
            csv.Row("item", item.Title ?? "", item.Presenter ?? "", item.Organisation ?? "", item.Kind ?? "", Number(item.PlannedMinutes),
                Number(item.StakeholderId), "");
            foreach (var pitch in item.Pitches ?? [])
            {
                csv.Row("pitch", pitch.Title ?? "", pitch.Speaker ?? "", "", "", Number(pitch.PlannedMinutes), Number(pitch.SpeakerId), Number(pitch.ProposalId));
            }
        }

        return csv;
    }

    /// <summary>The agenda as the file shape: what the facilitator typed, without the run of show's state.</summary>
    public static AgendaFile ToFile(EventAgenda agenda) => new(agenda.Items
        .Select(item => new AgendaFileItem(
            item.Title, item.Presenter, item.Organisation, item.Kind, item.PlannedMinutes, item.StakeholderId,
            item.Pitches.Select(pitch => new AgendaFilePitch(pitch.Title, pitch.ProposalId, pitch.SpeakerId, pitch.Speaker, pitch.PlannedMinutes)).ToList()))
        .ToList());

    /// <summary>
    /// Replaces the agenda's planned items with the file's, in one change: every item and pitch is checked first, and
    /// a refusal anywhere (a proposal or stakeholder not of this event) leaves the agenda as it was. Items that have
    /// started stay.
    /// </summary>
    public static Task<Ack> Import(ChangeWriter writer, Person caller, AgendaFile file)
    {
        var items = Checked(file);
        return writer.Change(caller.EventId, context =>
        {
            if (AgendaStore.PlannedReferences(context, context.EventId) is > 0 and var references)
            {
                Refusal.Invalid($"{references} proposals, questions or polls refer to planned agenda items, so the agenda cannot be replaced; edit those items instead.");
            }

            AgendaStore.DeletePlanned(context);
            foreach (var (item, pitches) in items)
            {
                AgendaService.CheckStakeholder(context, item.StakeholderId);
                var itemId = AgendaStore.Insert(context, item);
                foreach (var pitch in pitches)
                {
                    PitchStore.Insert(context, itemId, AgendaService.CheckedPitch(context, pitch));
                }
            }

            AgendaService.Changed(context);
        });
    }

    private static List<(AgendaItemInput Item, List<PitchInput> Pitches)> Checked(AgendaFile file)
    {
        var items = file.Items ?? [];
        if (items.Count == 0)
        {
            Refusal.Invalid("The agenda file has no items.");
        }

        if (items.Count > MaxItems)
        {
            Refusal.Invalid($"The agenda file has {items.Count} items; at most {MaxItems} can be imported.");
        }

        return items.Select(item =>
        {
            var pitches = item.Pitches ?? [];
            if (pitches.Count > MaxPitches)
            {
                Refusal.Invalid($"An agenda item of the file has {pitches.Count} pitches; at most {MaxPitches} can be imported.");
            }

            var checkedItem = new AgendaItemInput(item.Title, item.Presenter, item.Organisation, item.Kind, item.PlannedMinutes, item.StakeholderId).Checked();
            var checkedPitches = pitches.Select(pitch =>
                new PitchInput(pitch.Title, pitch.ProposalId, pitch.SpeakerId, pitch.Speaker, pitch.PlannedMinutes).Checked()).ToList();
            return (checkedItem, checkedPitches);
        }).ToList();
    }

    private static async Task<string> ReadFile(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = MaxFileBytes;
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    public static AgendaFile FromJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<AgendaFile>(text, Json.Options)
                ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new Refusal(RefusalCode.Invalid, "The agenda file is not valid JSON: it must be an object with a list of items, as an exported agenda.json has.");
        }
    }

    /// <summary>
    /// The CSV an export writes, or a spreadsheet's: a header naming the columns (in any order; type, title and
    /// minutes are required), then one row per item and, under it, one per pitch. Commas or semicolons (what a
    /// spreadsheet in Dutch, French or German writes) separate the fields.
    /// </summary>
    public static AgendaFile FromCsv(string text)
    {
        // Numbered as a spreadsheet numbers them (the header is row 1), before empty rows are skipped.
        var rows = CsvRows(text.TrimStart('\uFEFF'))
            .Select((row, index) => (Fields: row, Number: index + 1))
            .Where(row => row.Fields.Any(field => field.Trim().Length > 0))
            .ToList();
        if (rows.Count == 0)
        {
            Refusal.Invalid("The agenda file has no items.");
        }

        var header = rows[0].Fields.Select(name => name.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name);
        if (Column("type") < 0 || Column("title") < 0 || Column("minutes") < 0)
        {
            Refusal.Invalid($"The agenda file's first row must name its columns: {string.Join(", ", CsvColumns)}.");
        }

        var items = new List<(AgendaFileItem Item, List<AgendaFilePitch> Pitches)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var (row, line) = rows[i];
            string Field(string name) => Column(name) is >= 0 and var at && at < row.Count ? Unescaped(row[at]) : "";
            long? Id(string name)
            {
                var value = Field(name).Trim();
                if (value.Length == 0)
                {
                    return null;
                }

                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    Refusal.Invalid($"Row {line} of the agenda file: an id must be a whole number.");
                }

                return id;
            }

            var minutesText = Field("minutes").Trim();
            if (!int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                Refusal.Invalid($"Row {line} of the agenda file: the minutes must be a whole number.");
            }

            switch (Field("type").Trim().ToLowerInvariant())
            {
                case "item":
                    items.Add((new AgendaFileItem(Field("title"), Field("presenter or speaker"), Field("organisation"), Field("kind").Trim().ToLowerInvariant(),
                        minutes, Id("stakeholder id"), null), []));
                    break;
                case "pitch":
                    if (items.Count == 0)
                    {
                        Refusal.Invalid($"Row {line} of the agenda file is a pitch before any item: a pitch belongs to the item above it.");
                    }

                    items[^1].Pitches.Add(new AgendaFilePitch(Field("title"), Id("proposal id"), Id("stakeholder id"), Field("presenter or speaker"), minutes));
                    break;
                default:
                    Refusal.Invalid($"Row {line} of the agenda file: the type must be item or pitch.");
                    break;
            }
        }

        return new AgendaFile(items.Select(entry => entry.Item with { Pitches = entry.Pitches }).ToList());
    }

    /// <summary>Undoes the apostrophe <see cref="Csv"/> puts before a field a spreadsheet would run as a formula.</summary>
    private static string Unescaped(string field) =>
        field.Length > 1 && field[0] == '\'' && field[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? field[1..] : field;

    /// <summary>RFC 4180 fields: quoted ones may hold the separator, doubled quotes and line breaks.</summary>
    private static IEnumerable<List<string>> CsvRows(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';', StringComparison.Ordinal) && !firstLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    /// <summary>
    /// The agenda as an iCalendar (RFC 5545) file: one event per item, one after another from the session's planned
    /// start by their planned minutes, its pitches in the description.
    /// </summary>
    public static string Calendar(EventAgenda agenda, long eventId, string title, string host, DateTimeOffset now)
    {
        var start = agenda.StartsAt
            ?? throw new Refusal(RefusalCode.Invalid, "The session has no planned start yet, so its agenda has no times for a calendar.");

        var calendar = new ICalendarWriter(title);
        var at = start;
        foreach (var item in agenda.Items)
        {
            var end = at.AddMinutes(item.PlannedMinutes);
            var description = string.Join("\n", new[] { string.Join(" · ", new[] { item.Presenter, item.Organisation }.Where(part => part.Length > 0)) }
                .Concat(item.Pitches.Select(pitch => $"{pitch.Position}. {pitch.Title}{(pitch.Speaker.Length > 0 ? " — " + pitch.Speaker : "")} ({pitch.PlannedMinutes} min)"))
                .Where(line => line.Length > 0));
            calendar.Event($"event-{eventId}-item-{item.Id}@{(host.Length > 0 ? host : "stakeholderhub")}", now, at, end, item.Title, description);
            at = end;
        }

        return calendar.Finish();
    }

    /// <summary>RFC 5545 §3.3.11 (<see cref="ICalendarWriter.Escaped"/>).</summary>
    public static string Escaped(string value) => ICalendarWriter.Escaped(value);

    /// <summary>RFC 5545 §3.1 (<see cref="ICalendarWriter.Folded"/>).</summary>
    public static string Folded(string line) => ICalendarWriter.Folded(line);

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}

/// <summary>An agenda as a file: its items in running order, each with its pitches.</summary>
public sealed record AgendaFile(IReadOnlyList<AgendaFileItem>? Items);

public sealed record AgendaFileItem(
    string? Title, string? Presenter, string? Organisation, string? Kind, int PlannedMinutes, long? StakeholderId, IReadOnlyList<AgendaFilePitch>? Pitches);

public sealed record AgendaFilePitch(string? Title, long? ProposalId, long? SpeakerId, string? Speaker, int PlannedMinutes);
