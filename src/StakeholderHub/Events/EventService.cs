using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

/// <summary>Creating events, and letting people in: participants by join code, stakeholders by invitation.</summary>
public sealed class EventService(ChangeWriter writer, TokenSigner tokens, Database database)
{
    public sealed record Created(EventInfo Event, string FacilitatorToken, string ProjectorToken);

    public Task<Created> Create(EventInput? input)
    {
        input = Check.NotNull(input, "event");
        var template = EventTemplates.Load(input.Template);
        var title = Check.Line(string.IsNullOrWhiteSpace(input.Title) ? template.Title : input.Title, "title", 1, 120);
        var agenda = template.Agenda.Select(item => item.Checked()).ToList();
        return writer.Write(context => Create(context, title, agenda));
    }

    /// <summary>
    /// Creates the event the server runs when nobody has made one yet, once. Nodes that start together on an empty
    /// PostgreSQL database take turns (an advisory lock held until the commit): the second one finds the first one's.
    /// </summary>
    public Task<Created> CreateDefault()
    {
        var template = EventTemplates.Load(EventTemplates.AntwerpAfternoon);
        return writer.Write(context =>
        {
            database.Dialect.LockUntilCommit(context.Connection, context.Transaction, Dialect.DefaultEventLock);
            if (EventStore.Setting(context.Connection, context.Transaction, "default_event") is { } existing)
            {
                var eventId = long.Parse(existing, System.Globalization.CultureInfo.InvariantCulture);
                return new Created(
                    EventStore.Find(context.Connection, context.Transaction, eventId)!,
                    tokens.Issue(EventStore.FirstWithRole(context.Connection, context.Transaction, eventId, Role.Facilitator)!.Id),
                    tokens.Issue(EventStore.FirstWithRole(context.Connection, context.Transaction, eventId, Role.Projector)!.Id));
            }

            var created = Create(context, template.Title, template.Agenda.Select(item => item.Checked()).ToList());
            EventStore.SaveSetting(context, "default_event", created.Event.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return created;
        });
    }

    public async Task<(Person Person, string Token)> Join(JoinInput? input)
    {
        input = Check.NotNull(input, "join form");
        var code = CheckCode(input.Code);
        var name = Check.Line(input.Name, "name", 1, 80);
        var organisation = Check.Line(input.Organisation, "organisation", 1, 120);
        var country = Countries.Check(input.Country);
        var email = Check.Email(input.Email);
        var requestId = Check.Line(input.RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null;

        var person = await writer.Write(context =>
        {
            var found = ByCode(context.Connection, context.Transaction, code);
            if (requestId is not null && EventStore.FindByRequest(context, found.Id, requestId) is { } already)
            {
                return already;
            }

            var joined = EventStore.InsertPerson(context, found.Id, Role.Participant, name, organisation, country, email, requestId);
            context.Evidence(found.Id, joined.Id, "checked_in");
            EmitAttendance(context, found.Id);
            context.Emit(found.Id, "person.joined", joined, Audience.Facilitator);
            return joined;
        });
        return (person, tokens.Issue(person.Id));
    }

    /// <summary>What the join page shows before anyone joins: the event a code belongs to.</summary>
    public EventSummary Lookup(string? code)
    {
        var checkedCode = CheckCode(code);
        using var connection = database.Open();
        var found = ByCode(connection, null, checkedCode);
        return new EventSummary(found.Id, found.Title, found.JoinCode);
    }

    public async Task<(Person Person, string Token)> Invite(Person caller, InviteInput? input)
    {
        caller.Require(Role.Facilitator, "invite stakeholders");
        input = Check.NotNull(input, "invitation");
        var name = Check.Line(input.Name, "name", 1, 80);
        var organisation = Check.Line(input.Organisation, "organisation", 0, 120);
        var person = await writer.Write(context =>
        {
            var invited = EventStore.InsertPerson(context, caller.EventId, Role.Stakeholder, name, organisation);
            context.Emit(caller.EventId, "person.joined", invited, Audience.Facilitator);
            return invited;
        });
        return (person, tokens.Issue(person.Id));
    }

    private Created Create(WriteContext context, string title, IReadOnlyList<AgendaItemInput> agenda)
    {
        var created = EventStore.Insert(context, title);
        var facilitator = EventStore.InsertPerson(context, created.Id, Role.Facilitator, "Facilitator");
        var projector = EventStore.InsertPerson(context, created.Id, Role.Projector, "Projector");
        foreach (var item in agenda)
        {
            AgendaStore.Insert(context, created.Id, item);
        }

        AgendaService.Changed(context, created.Id);
        EmitAttendance(context, created.Id);
        return new Created(created, tokens.Issue(facilitator.Id), tokens.Issue(projector.Id));
    }

    private static string CheckCode(string? code) => Check.Line(code, "join code", 1, 12).ToUpperInvariant();

    private static EventInfo ByCode(System.Data.IDbConnection connection, System.Data.IDbTransaction? transaction, string code) =>
        EventStore.FindByCode(connection, transaction, code)
            ?? throw new Refusal(RefusalCode.NotFound, $"No session has the join code {code}. Check the code on the screen.");

    private static void EmitAttendance(WriteContext context, long eventId) =>
        context.Emit(eventId, "attendance",
            new Attendance(EventStore.CountParticipants(context.Connection, context.Transaction, eventId)),
            Audience.Everyone, mergeKey: "attendance");
}
