using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Realtime;

public sealed class SyncTests : ServerTest
{
    [Fact]
    public async Task AParticipantThatWasAwayForThreeChangesGetsExactlyThoseThree()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var participant = await Server.Connect((await Server.Join()).Token);
        var seen = participant.Version;
        await facilitator.WaitUntil(c => c.Version == seen);
        await participant.Connection.StopAsync();

        var items = facilitator.Agenda!.Items;
        var acks = new[]
        {
            await facilitator.Invoke<Ack>("StartAgendaItem", items[0].Id),
            await facilitator.Invoke<Ack>("ExtendAgendaItem", 3),
            await facilitator.Invoke<Ack>("NextAgendaItem"),
        };

        await participant.Connection.StartAsync();
        var result = await participant.Connection.InvokeAsync<SyncResult>("Sync", seen);

        Assert.Equal("changes", result.Mode);
        Assert.Equal(seen, result.Batch!.From);
        Assert.Equal(acks[^1].Version, result.Batch.To);
        Assert.Equal(acks.Select(a => a.Version), result.Batch.Changes.Select(c => c.Version));
        Assert.All(result.Batch.Changes, c => Assert.Equal("agenda", c.Kind));
        await participant.DisposeAsync();
    }

    [Fact]
    public async Task AClientThatSeesAGapCatchesUpBySyncing()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect((await Server.Join("Ana")).Token);
        await using var witness = await Server.Connect((await Server.Join("Bram")).Token);
        await participant.Connection.StopAsync();
        var missed = await facilitator.Invoke<Ack>("StartAgendaItem", facilitator.Agenda!.Items[0].Id);
        await witness.WaitUntil(c => c.Version == missed.Version);
        await participant.Connection.StartAsync();

        // The next batch starts after a version this client never saw; it must sync, not skip ahead.
        var last = await facilitator.Invoke<Ack>("NextAgendaItem");

        await participant.WaitUntil(c => c.Version == last.Version);
        Assert.Equal(facilitator.Agenda.Items[1].Id, participant.Current!.Id);
        Assert.True(participant.Syncs >= 2);
    }

    [Fact]
    public async Task SyncFromNothingOrFromTheFutureAnswersWithASnapshot()
    {
        await using var participant = await Server.Connect((await Server.Join()).Token);

        var fromZero = await participant.Connection.InvokeAsync<SyncResult>("Sync", 0L);
        var fromFuture = await participant.Connection.InvokeAsync<SyncResult>("Sync", participant.Version + 1000);

        Assert.Equal("snapshot", fromZero.Mode);
        Assert.Equal(participant.Version, fromZero.Snapshot!.Version);
        Assert.Equal("snapshot", fromFuture.Mode);
        Assert.Empty(fromZero.Snapshot.People);
    }

    [Fact]
    public async Task ManyMissedChangesAnswerWithASnapshot()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var from = facilitator.Version;
        await facilitator.Invoke<Ack>("StartAgendaItem", facilitator.Agenda!.Items[0].Id);
        await Task.WhenAll(Enumerable.Range(0, SessionState.MaxReplay + 1).Select(_ => facilitator.Invoke<Ack>("ExtendAgendaItem", 1)));

        var result = await facilitator.Connection.InvokeAsync<SyncResult>("Sync", from);

        Assert.Equal("snapshot", result.Mode);
        Assert.Equal(from + SessionState.MaxReplay + 2, result.Snapshot!.Version);
    }

    [Fact]
    public async Task UnderAStormBatchesAreMergedAndEveryClientEndsAtTheSameState()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect((await Server.Join()).Token);
        await facilitator.Invoke<Ack>("StartAgendaItem", facilitator.Agenda!.Items[0].Id);

        var acks = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => facilitator.Invoke<Ack>("ExtendAgendaItem", 1)));
        var last = acks.Max(a => a.Version);

        await participant.WaitUntil(c => c.Version == last);
        await facilitator.WaitUntil(c => c.Version == last);
        Assert.Equal(facilitator.Current!.EndsAt, participant.Current!.EndsAt);
        Assert.Equal(facilitator.Current.StartedAt!.Value.AddMinutes(30 + 60), participant.Current.EndsAt);
        // 61 changes, but the broadcaster merges what piles up: far fewer batches than changes.
        Assert.True(participant.Batches.Count < 30, $"{participant.Batches.Count} batches for 61 changes");
        Assert.Equal(acks.Select(a => a.Version).Order(), acks.Select(a => a.Version).Distinct().Order());
    }
}
