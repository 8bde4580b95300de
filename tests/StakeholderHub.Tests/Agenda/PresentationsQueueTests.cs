using StakeholderHub.Agenda;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Agenda;

public sealed class PresentationsQueueTests : ServerTest
{
    [Fact]
    public async Task StartingAnItemReachesEveryParticipantWithVersionsInOrder()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var ana = await Server.Connect((await Server.Join("Ana")).Token);
        await using var bram = await Server.Connect((await Server.Join("Bram")).Token);
        var first = facilitator.Agenda!.Items[0];
        var second = facilitator.Agenda.Items[1];

        var started = await facilitator.Invoke<Ack>("StartAgendaItem", first.Id);
        var next = await facilitator.Invoke<Ack>("NextAgendaItem");

        Assert.True(next.Version > started.Version);
        foreach (var participant in new[] { ana, bram })
        {
            await participant.WaitUntil(c => c.Version >= next.Version);
            Assert.Equal(second.Id, participant.Current!.Id);
            Assert.Equal("done", participant.Agenda!.Items[0].Status);
            var versions = participant.Batches.Select(b => (b.From, b.To)).ToList();
            Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
            Assert.Equal(0, participant.Syncs - 1); // only the sync made on connect
        }
    }

    [Fact]
    public async Task TheCountdownIsThePlannedEndOnTheServersClock()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var item = facilitator.Agenda!.Items[2];
        var before = DateTimeOffset.UtcNow;

        await facilitator.Invoke<Ack>("StartAgendaItem", item.Id);
        await facilitator.WaitUntil(c => c.Current?.Id == item.Id);
        var current = facilitator.Current!;

        Assert.Equal(TimeSpan.FromMinutes(item.PlannedMinutes), current.EndsAt - current.StartedAt);
        Assert.InRange(current.StartedAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        await facilitator.Invoke<Ack>("ExtendAgendaItem", 5);
        await facilitator.WaitUntil(c => c.Current!.EndsAt == current.EndsAt!.Value.AddMinutes(5));
    }

    [Fact]
    public async Task TheFacilitatorEditsAddsReordersAndRemovesItems()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect((await Server.Join()).Token);

        var added = await facilitator.Invoke<Ack>("AddAgendaItem",
            new AgendaItemInput("Coffee break", "", "", "break", 10));
        var ids = facilitator.Agenda!.Items.Select(i => i.Id).ToList();
        await participant.WaitUntil(c => c.Agenda!.Items.Any(i => i.Id == added.Id));
        Assert.Equal("Coffee break", participant.Agenda!.Items[^1].Title);

        await facilitator.Invoke<Ack>("EditAgendaItem", ids[2],
            new AgendaItemInput("Open Badges in Lisbon", "Marta Silva", "Lisbon City of Learning", "platform", 12));
        await facilitator.Invoke<Ack>("ReorderAgenda", (long[])[added.Id!.Value, .. ids.Where(id => id != added.Id)]);
        var removed = await facilitator.Invoke<Ack>("RemoveAgendaItem", ids[1]);

        await participant.WaitUntil(c => c.Version >= removed.Version);
        var agenda = participant.Agenda!.Items;
        Assert.Equal("Coffee break", agenda[0].Title);
        Assert.DoesNotContain(agenda, i => i.Id == ids[1]);
        var edited = Assert.Single(agenda, i => i.Id == ids[2]);
        Assert.Equal(("Open Badges in Lisbon", "Marta Silva", 12), (edited.Title, edited.Presenter, edited.PlannedMinutes));
        Assert.Equal(Enumerable.Range(1, agenda.Count), agenda.Select(i => i.Position));
    }

    [Fact]
    public async Task NextAfterTheLastItemEndsTheAgendaAndThenRefuses()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var last = facilitator.Agenda!.Items[^1];
        await facilitator.Invoke<Ack>("StartAgendaItem", last.Id);

        var ended = await facilitator.Invoke<Ack>("NextAgendaItem");
        await facilitator.WaitUntil(c => c.Version >= ended.Version);
        Assert.Null(facilitator.Agenda!.CurrentId);
        Assert.Equal("done", facilitator.Agenda.Items[^1].Status);
        Assert.NotNull(facilitator.Agenda.Items[^1].EndedAt);

        // The items before the last were never started, so Next starts from the top again.
        var again = await facilitator.Invoke<Ack>("NextAgendaItem");
        await facilitator.WaitUntil(c => c.Version >= again.Version);
        Assert.Equal(facilitator.Agenda!.Items[0].Id, facilitator.Agenda.CurrentId);
    }

    [Fact]
    public async Task StartingTheCurrentItemAgainChangesNothing()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var item = facilitator.Agenda!.Items[0];

        var first = await facilitator.Invoke<Ack>("StartAgendaItem", item.Id);
        var retried = await facilitator.Invoke<Ack>("StartAgendaItem", item.Id);

        Assert.Equal(first.Version, retried.Version);
    }
}
