using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Tests.Data;

/// <summary>A test that only means something on a store several nodes share: skipped unless STAKEHOLDERHUB_STORE=postgres.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStore.Postgres)
        {
            Skip = "Runs on PostgreSQL only (tests/run-postgres.sh): two nodes share one database.";
        }
    }
}

/// <summary>Two hubs (two nodes' writers) on one PostgreSQL database.</summary>
public sealed class SharedStoreTests : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));
    private readonly List<WebApplication> _apps = [];
    private TestStore _store = null!;

    public Task InitializeAsync()
    {
        _store = TestStore.Create(_dataPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _store.Drop();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [PostgresFact]
    public async Task TwoWritersOnOneDatabaseNeverHandOutTheSameVersion()
    {
        // Node A starts first and makes the default event; node B finds it (two nodes starting together on an empty
        // database is not handled yet: docs/deploy.md).
        var a = await StartNode("a");
        var eventId = (await a.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(10))).Event.Id;
        var b = await StartNode("b");
        Assert.Equal(eventId, (await b.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(10))).Event.Id);

        await using var before = _store.Open();
        var start = before.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId });

        const int PerNode = 300;
        var writers = new[] { a, b }.Select(app => app.Services.GetRequiredService<ChangeWriter>()).ToArray();
        var writes = Enumerable.Range(0, PerNode)
            .SelectMany(i => writers.Select((writer, node) => writer.Write(eventId, context =>
            {
                context.Emit("test", new { node, i });
                return context.Version;
            })))
            .ToList();
        var versions = await Task.WhenAll(writes);

        // Every acknowledged write has its own version, and together they are the next 600 with no gap.
        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(n => start + n), versions.Order());
        await using var connection = _store.Open();
        Assert.Equal(
            versions.Order(),
            connection.Query<long>("SELECT version FROM changes WHERE event_id = @EventId AND kind = 'test' ORDER BY version", new { EventId = eventId }));
        Assert.Equal(start + 2 * PerNode, connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId }));
    }

    [PostgresFact]
    public async Task TwoWritersThatLockTheSameRowsInAnotherOrderBothGetThrough()
    {
        var a = await StartNode("a");
        var eventId = (await a.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(10))).Event.Id;
        var b = await StartNode("b");
        await b.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(10));
        var writers = new[] { a, b }.Select(app => app.Services.GetRequiredService<ChangeWriter>()).ToArray();
        const int Rows = 20;
        await writers[0].Write(eventId, context =>
        {
            for (var row = 0; row < Rows; row++)
            {
                context.Execute("INSERT INTO settings (key, value) VALUES (@Key, '0')", new { Key = $"counter-{row}" });
            }

            return 0;
        });

        // As an upvote does: a row of its own first (the proposal's counts), then the event's version. Two nodes'
        // batches hold the event's row and wait for each other's proposal rows: PostgreSQL ends the deadlock by
        // failing one side's statement, which the writer runs again.
        const int PerNode = 300;
        var random = new Random(7);
        var writes = Enumerable.Range(0, PerNode)
            .SelectMany(i => writers.Select((writer, node) => (writer, node, row: random.Next(Rows))))
            .Select(w => w.writer.Write(eventId, context =>
            {
                context.Execute("UPDATE settings SET value = (CAST(value AS bigint) + 1)::text WHERE key = @Key", new { Key = $"counter-{w.row}" });
                context.Emit("test", new { w.node, w.row });
                return context.Version;
            }))
            .ToList();
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                return (Version: (long?)await write, Error: (string?)null);
            }
            catch (Exception error)
            {
                return (Version: null, Error: error.Message);
            }
        }));

        Assert.Empty(outcomes.Where(o => o.Error is not null).Select(o => o.Error).Distinct());
        await using var connection = _store.Open();
        Assert.Equal(2 * PerNode, connection.ExecuteScalar<long>("SELECT SUM(CAST(value AS bigint)) FROM settings WHERE key LIKE 'counter-%'"));
        Assert.Equal(2 * PerNode, connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT version) FROM changes WHERE event_id = @EventId AND kind = 'test'", new { EventId = eventId }));
    }

    private async Task<WebApplication> StartNode(string name)
    {
        var app = HubServer.Build(Path.Combine(_dataPath, name), store: _store);
        _apps.Add(app);
        await app.StartAsync();
        return app;
    }
}
