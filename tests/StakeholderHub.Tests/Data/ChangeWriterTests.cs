using Dapper;
using Microsoft.AspNetCore.Builder;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Tests.Data;

public sealed class ChangeWriterTests : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private TestStore _store = null!;

    public Task InitializeAsync()
    {
        // Built, not started: whatever is written now waits in the queue and is committed in one transaction.
        _store = TestStore.Create(_dataPath);
        _app = HubServer.Build(_dataPath, store: _store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _store.Drop();
        // On PostgreSQL nothing is written to the data folder (the secrets are in the database).
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task ChangesCommittedTogetherStayIndependentWhenSomeFail()
    {
        var writer = _app.Services.GetRequiredService<ChangeWriter>();
        var eventId = writer.CreateEvent(context =>
            EventStore.Insert(context, "Writer test").Id);
        // Five kinds of change, in turn, so each follows the others: on PostgreSQL a change's savepoint travels with its
        // first statement, so a change refused before any statement, or one that runs none, must leave the changes
        // before it as they were.
        var writes = Enumerable.Range(0, 30).Select(i => writer.Write(1, context =>
        {
            switch (i % 5)
            {
                case 1:
                    Refusal.Invalid("refused before any statement");
                    break;
                case 3:
                    // Runs no statement and changes nothing.
                    return -1;
            }

            context.Execute("INSERT INTO settings (key, value) VALUES (@Key, 'x')", new { Key = $"key-{i}" });
            context.Emit("test", new { i });
            switch (i % 5)
            {
                case 2:
                    Refusal.Invalid("refused after writing");
                    break;
                case 4:
                    // A failure of the database itself, after this change had already written.
                    context.Execute("INSERT INTO settings (key, value) VALUES ('key-0', 'duplicate')");
                    break;
            }

            return context.Version;
        })).ToList();

        await _app.StartAsync();
        Assert.Equal(1, await eventId);
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                return (Version: (long?)await write, Error: (Exception?)null);
            }
            catch (Exception error)
            {
                return (Version: null, Error: error);
            }
        }));

        Assert.All(outcomes.Where((_, i) => i % 5 is 1 or 2), o => Assert.IsType<Refusal>(o.Error));
        Assert.All(outcomes.Where((_, i) => i % 5 == 4), o => Assert.IsAssignableFrom<DbException>(o.Error));
        Assert.All(outcomes.Where((_, i) => i % 5 == 3), o => Assert.Equal(-1, o.Version));
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (long?)v), outcomes.Where((_, i) => i % 5 == 0).Select(o => o.Version));

        await using var connection = _store.Open();
        Assert.Equal(
            Enumerable.Range(0, 30).Where(i => i % 5 == 0).Select(i => $"key-{i}").Order(),
            connection.Query<string>("SELECT key FROM settings WHERE key LIKE 'key-%'").Order());
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (long)v), connection.Query<long>("SELECT version FROM changes WHERE event_id = 1 ORDER BY version"));
        Assert.Equal(6, connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = 1"));
    }

    [Fact]
    public async Task EvidenceCannotBeChangedOrDeleted()
    {
        await _app.StartAsync();
        var writer = _app.Services.GetRequiredService<ChangeWriter>();
        var joined = await writer.CreateEvent(context =>
        {
            EventStore.Insert(context, "Evidence test");
            var person = EventStore.InsertPerson(context, Role.Participant, "Ana", "CAP-City", "BE");
            context.Evidence(person.Id, "checked_in");
            return person;
        });

        await Assert.ThrowsAnyAsync<DbException>(() => writer.Write(joined.EventId, context => context.Execute("UPDATE evidence SET action = 'forged'")));
        await Assert.ThrowsAnyAsync<DbException>(() => writer.Write(joined.EventId, context => context.Execute("DELETE FROM evidence")));

        await using var connection = _store.Open();
        Assert.Equal(("checked_in", joined.Id), connection.QuerySingle<(string, long)>("SELECT action, person_id FROM evidence WHERE event_id = @EventId", new { joined.EventId }));
    }

    [Fact]
    public async Task AChangeCannotBeWrittenWithoutItsEvent()
    {
        await _app.StartAsync();
        var writer = _app.Services.GetRequiredService<ChangeWriter>();
        var eventId = await writer.CreateEvent(context => EventStore.Insert(context, "One door").Id);
        await using var connection = _store.Open();
        var before = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM changes");

        // A change that makes an event must make it before it emits or records anything.
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CreateEvent(context =>
        {
            context.Execute("INSERT INTO settings (key, value) VALUES ('orphan', 'x')");
            context.Emit("test", new { orphan = true });
            return 0;
        }));
        // A change of an event that does not exist is refused whole.
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.Change(eventId + 1000, context =>
        {
            context.Execute("INSERT INTO settings (key, value) VALUES ('stray', 'x')");
            context.Emit("test", new { stray = true });
        }));

        Assert.Equal(before, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM changes"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM settings WHERE key IN ('orphan', 'stray')"));
        // The event's own changes still go through the door, and one that changes nothing is answered with its version.
        var changed = await writer.Change(eventId, context => context.Emit("test", new { ok = true }));
        var unchanged = await writer.Change(eventId, _ => { });
        Assert.Equal(changed.Version, unchanged.Version);
        Assert.Equal(changed.Version, connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId }));
    }
}
