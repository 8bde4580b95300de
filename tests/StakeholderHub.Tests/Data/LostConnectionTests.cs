using Dapper;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Data;

/// <summary>PostgreSQL drops the hub's connections (a restart, a failover, an administrator): the hub carries on.</summary>
public sealed class LostConnectionTests : ServerTest
{
    [PostgresFact]
    public async Task AfterPostgresDroppedEveryConnectionChangesAreStoredAndBroadcastAgain()
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect((await Server.Join("Ana")).Token);
        var items = facilitator.Agenda!.Items;
        var first = await facilitator.Invoke<Ack>("StartAgendaItem", items[0].Id);
        await participant.WaitUntil(c => c.Version >= first.Version);

        await using (var admin = Server.Db())
        {
            await admin.OpenAsync();
            var dropped = await admin.ExecuteScalarAsync<long>(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            Assert.True(dropped >= 2, $"expected the writer's and the broadcaster's connections at least, dropped {dropped}");
        }

        // The writer finds its connection gone and runs the change on a new one; the broadcaster's session comes back,
        // takes the event again and sends what was committed since the last batch.
        var next = await facilitator.Invoke<Ack>("NextAgendaItem");
        Assert.True(next.Version > first.Version);
        await participant.WaitUntil(c => c.Version >= next.Version && c.Current?.Id == items[1].Id, timeoutMs: 15_000);

        await using var db = Server.Db();
        Assert.Equal(next.Version, await db.ExecuteScalarAsync<long>("SELECT version FROM events WHERE id = @Id", new { Id = Server.DefaultEvent.Event.Id }));
    }
}
