using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

/// <summary>Creating events, and letting people in: participants by join code, stakeholders and moderators by invitation.</summary>
public sealed class EventService(ChangeWriter writer, TokenSigner tokens, Database database)
{
    public sealed record Created(EventInfo Event, string FacilitatorToken, string ProjectorToken);

    public Task<Created> Create(EventInput? input)
    {
        input = Check.NotNull(input, "event");
        var template = EventTemplates.Load(input.Template);
        var title = Check.Line(string.IsNullOrWhiteSpace(input.Title) ? template.Title : input.Title, "title", 1, 120);
        var agenda = template.Agenda.Select(item => item.Checked()).ToList();
        return writer.CreateEvent(context => Create(context, title, agenda));
    }

    /// <summary>
    /// Creates the event the server runs when nobody has made one yet, once. Nodes that start together on an empty
    /// PostgreSQL database take turns (an advisory lock held until the commit): the second one finds the first one's.
    /// </summary>
    public Task<Created> CreateDefault()
    {
        var template = EventTemplates.Load(EventTemplates.AntwerpAfternoon);
        return writer.CreateEvent(context =>
        {
            context.LockUntilCommit(Dialect.DefaultEventLock);
            if (EventStore.Setting(context, "default_event") is { } existing)
            {
                var eventId = long.Parse(existing, System.Globalization.CultureInfo.InvariantCulture);
                return new Created(
                    EventStore.Find(context, eventId)!,
                    tokens.Issue(EventStore.FirstWithRole(context, eventId, Role.Facilitator)!),
                    tokens.Issue(EventStore.FirstWithRole(context, eventId, Role.Projector)!));
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

        // An event and its join code never change, so the code is looked up before the change, which belongs to its event.
        EventInfo found;
        using (var sql = database.Read())
        {
            found = ByCode(sql, code);
        }

        var person = await writer.Write(found.Id, context =>
        {
            if (requestId is not null && EventStore.FindByRequest(context, context.EventId, requestId) is { } already)
            {
                return already;
            }

            var joined = EventStore.InsertPerson(context, Role.Participant, name, organisation, country, email, requestId,
                badgeEmail: email is not null && input.BadgeEmail);
            // The content filter never keeps anyone out: a name or organisation it holds is shown to the room as a
            // placeholder until the facilitator approves it (ShownNames).
            if (RoomFilter.Check(context, context.EventId, $"{name}\n{organisation}") is { } held)
            {
                EventStore.SetNameHeld(context, joined.Id, held);
                joined = joined with { NameWaiting = true, NameHeldFor = held };
            }

            context.Evidence(joined.Id, "checked_in");
            EmitAttendance(context);
            context.Emit("person.joined", joined, Audience.Facilitator);
            return joined;
        });
        return (person, tokens.Issue(person));
    }

    /// <summary>What the join page shows before anyone joins: the event a code belongs to.</summary>
    public EventSummary Lookup(string? code)
    {
        var checkedCode = CheckCode(code);
        using var sql = database.Read();
        var found = ByCode(sql, checkedCode);
        return new EventSummary(found.Id, found.Title, found.JoinCode);
    }

    public async Task<(Person Person, string Token)> Invite(Person caller, InviteInput? input)
    {
        input = Check.NotNull(input, "invitation");
        var name = Check.Line(input.Name, "name", 1, 80);
        var organisation = Check.Line(input.Organisation, "organisation", 0, 120);
        var role = input.Role switch
        {
            null or "" or "stakeholder" => Role.Stakeholder,
            "moderator" => Role.Moderator,
            _ => throw new Refusal(RefusalCode.Invalid, $"An invitation is for one of: {string.Join(", ", InviteInput.Roles)}."),
        };
        var person = await writer.Write(caller.EventId, context =>
        {
            var invited = EventStore.InsertPerson(context, role, name, organisation);
            context.Emit("person.joined", invited, Audience.Facilitator);
            return invited;
        });
        return (person, tokens.Issue(person));
    }

    /// <summary>
    /// Gives a person of the facilitator's event a new link (docs/protocol.md "Links and tokens"): every earlier link
    /// of theirs stops working as the change commits, over HTTP at once and on every node, and their open connections
    /// are closed (<see cref="WriteContext.Revoke"/>). The facilitator's own link too: the console goes on with the new one.
    /// </summary>
    public async Task<(Person Person, string Token)> NewLink(Person caller, long? personId)
    {
        var person = await writer.Write(caller.EventId, context =>
        {
            // No id: the event's projector, whose id the console does not know.
            personId ??= EventStore.FirstWithRole(context, caller.EventId, Role.Projector)!.Id;
            var renewed = EventStore.NewLink(context, caller.EventId, personId.Value)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no person {personId} in this session.");
            context.Revoke(renewed.Id);
            // The other consoles learn that a link changed (never the link itself: the change log keeps no secret).
            context.Emit("person.link", new LinkRenewed(renewed.Id, Roles.Name(renewed.Role)), Audience.Facilitator);
            return renewed;
        });
        return (person, tokens.Issue(person));
    }

    /// <summary>
    /// Creates an event as <see cref="Create(EventInput?)"/> does (its facilitator, projector and their tokens), then lets
    /// <paramref name="fill"/> add to it in the same change (the organiser console: the owner, a copied agenda).
    /// </summary>
    public Task<Created> Create(string title, IReadOnlyList<AgendaItemInput> agenda, Action<WriteContext, Person> fill) =>
        writer.CreateEvent(context => Create(context, title, agenda, fill));

    /// <summary>The event's facilitator and projector links as <c>POST /api/events</c> answered them: tokens issued anew for its first facilitator and projector.</summary>
    public Created Staff(long eventId)
    {
        using var sql = database.Read();
        var found = EventStore.Find(sql, eventId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no event {eventId}.");
        return new Created(
            found,
            tokens.Issue(EventStore.FirstWithRole(sql, eventId, Role.Facilitator)!),
            tokens.Issue(EventStore.FirstWithRole(sql, eventId, Role.Projector)!));
    }

    private Created Create(WriteContext context, string title, IReadOnlyList<AgendaItemInput> agenda, Action<WriteContext, Person>? fill = null)
    {
        var created = EventStore.Insert(context, title);
        var facilitator = EventStore.InsertPerson(context, Role.Facilitator, "Facilitator");
        var projector = EventStore.InsertPerson(context, Role.Projector, "Projector");
        foreach (var item in agenda)
        {
            AgendaStore.Insert(context, item);
        }

        fill?.Invoke(context, facilitator);

        AgendaService.Changed(context);
        EmitAttendance(context);
        return new Created(created, tokens.Issue(facilitator), tokens.Issue(projector));
    }

    private static string CheckCode(string? code) => Check.Line(code, "join code", 1, 12).ToUpperInvariant();

    private static EventInfo ByCode(IStoreReader sql, string code) =>
        EventStore.FindByCode(sql, code)
            ?? throw new Refusal(RefusalCode.NotFound, $"No session has the join code {code}. Check the code on the screen.");

    private static void EmitAttendance(WriteContext context) =>
        context.Emit("attendance", new Attendance(EventStore.CountParticipants(context, context.EventId)), Audience.Everyone, mergeKey: "attendance");
}
