using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Events;

namespace StakeholderHub.Realtime;

/// <summary>
/// The one hub. It finds the caller, hands the call to a feature service and returns its answer; the services
/// check roles and arguments. Method names are the wire contract (docs/protocol.md).
/// </summary>
[Authorize(AuthenticationSchemes = SessionTokenAuthentication.SchemeName)]
public sealed class SessionHub(PeopleDirectory people, SessionState state, AgendaService agenda, TimeProvider clock)
    : Hub<ISessionClient>
{
    public override async Task OnConnectedAsync()
    {
        var caller = await Caller();
        await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Group(caller.EventId, Audiences.Of(caller.Role)));
    }

    public async Task<SyncResult> Sync(long since) => state.Since(await Caller(), since);

    public ClockReading Clock() => new(clock.GetUtcNow());

    public async Task<Ack> AddAgendaItem(AgendaItemInput? item) => await agenda.Add(await Caller(), item);

    public async Task<Ack> EditAgendaItem(long id, AgendaItemInput? item) => await agenda.Edit(await Caller(), id, item);

    public async Task<Ack> RemoveAgendaItem(long id) => await agenda.Remove(await Caller(), id);

    public async Task<Ack> ReorderAgenda(long[]? ids) => await agenda.Reorder(await Caller(), ids);

    public async Task<Ack> StartAgendaItem(long id) => await agenda.Start(await Caller(), id);

    public async Task<Ack> NextAgendaItem() => await agenda.Next(await Caller());

    public async Task<Ack> ExtendAgendaItem(int minutes) => await agenda.Extend(await Caller(), minutes);

    private ValueTask<Person> Caller() => people.Caller(Context.User);
}

public sealed record ClockReading(DateTimeOffset ServerTime);
