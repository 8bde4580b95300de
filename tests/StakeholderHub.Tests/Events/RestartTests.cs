using StakeholderHub.Agenda;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Events;

public sealed class RestartTests
{
    [Fact]
    public async Task ARestartOnTheSameFolderKeepsTheAgendaPeopleCurrentItemAndTokens()
    {
        await using var server = await HubServer.Start();
        var firstEvent = server.DefaultEvent;
        var joined = await server.Join("Ana");
        string[] tokens = [server.FacilitatorToken, server.ProjectorToken, joined.Token];
        long version;
        await using (var facilitator = await server.Connect(server.FacilitatorToken))
        {
            await facilitator.Invoke<Ack>("AddAgendaItem", new AgendaItemInput("Closing circle", "", "", "discussion", 10));
            await facilitator.Invoke<Ack>("StartAgendaItem", facilitator.Agenda!.Items[1].Id);
            version = (await facilitator.Invoke<Ack>("ExtendAgendaItem", 5)).Version;
        }

        var before = await server.Snapshot(server.FacilitatorToken);
        await server.Restart();

        Assert.Equal(firstEvent.Event, server.DefaultEvent.Event);
        Assert.Equal((tokens[0], tokens[1]), (server.FacilitatorToken, server.ProjectorToken));
        var after = await server.Snapshot(server.FacilitatorToken);
        Assert.Equal(version, after.Version);
        Assert.Equivalent(before.Agenda, after.Agenda, strict: true);
        Assert.Equal(before.People, after.People);
        Assert.Equal(before.Agenda.Items[1].Id, after.Agenda.CurrentId);

        foreach (var token in tokens)
        {
            await using var client = await server.Connect(token);
            Assert.Equal(version, client.Version);
        }

        await using var participant = await server.Connect(joined.Token);
        await using var again = await server.Connect(server.FacilitatorToken);
        var next = await again.Invoke<Ack>("NextAgendaItem");
        Assert.Equal(version + 1, next.Version);
        await participant.WaitUntil(c => c.Version == next.Version && c.Current!.Id == before.Agenda.Items[2].Id);
    }
}
