using System.Data.Common;
using Dapper;

namespace StakeholderHub.Tests.Access;

/// <summary>
/// Migration 0016 on a store that has data: the database is put back as it was before 0016 (the old CHECK
/// constraints, 0016 not recorded), the hub starts again and migrates it; every person and every change is still
/// there, a moderator can be made, and the constraints still refuse a role or an audience they do not list.
/// </summary>
public sealed class ModeratorMigrationTests : ServerTest
{
    [Fact]
    public async Task AStoreWithDataIsMigratedAndKeepsItAll()
    {
        // Not disposed: that would stop the hub the test restarts.
        var room = Room.On(Server);
        await room.Join("Ana Peeters");
        await room.Join("Bram Claes");
        await room.Invite("Katrien De Smet");

        await Server.Stop();
        (long People, long Changes) before;
        await using (var db = Server.Db())
        {
            before = Counts(db);
            Unmigrate(db);
            Assert.ThrowsAny<DbException>(() => InsertPerson(db, "moderator"));
        }

        await Server.Restart();

        await using (var db = Server.Db())
        {
            Assert.Equal(before, Counts(db));
            Assert.Equal(1, db.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE number = 16"));
            Assert.ThrowsAny<DbException>(() => InsertPerson(db, "king"));
            Assert.ThrowsAny<DbException>(() => db.Execute(
                "INSERT INTO changes (event_id, version, seq, kind, audience, recipient, merge_key, data, created_at) VALUES (1, 999999, 0, 'x', 'nobody', NULL, NULL, '{}', 0)"));
        }

        var invited = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/invites", new { name = "Mieke", role = "moderator" });
        Assert.Equal("moderator", invited.GetProperty("person").GetProperty("role").GetString());
        var snapshot = await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot");
        Assert.Contains(snapshot.GetProperty("people").EnumerateArray(), p => p.GetProperty("name").GetString() == "Katrien De Smet");
    }

    private static (long, long) Counts(DbConnection db) =>
        (db.ExecuteScalar<long>("SELECT COUNT(*) FROM people"), db.ExecuteScalar<long>("SELECT COUNT(*) FROM changes"));

    private static void InsertPerson(DbConnection db, string role) =>
        db.Execute("INSERT INTO people (event_id, role, name, created_at) VALUES (1, @Role, 'X', 0)", new { Role = role });

    /// <summary>The constraints as 0001 and 0002 made them, and 0016 forgotten.</summary>
    private void Unmigrate(DbConnection db)
    {
        if (Server.Store.ConnectionString is null)
        {
            db.Execute("""
                PRAGMA writable_schema = ON;
                UPDATE sqlite_schema SET sql = replace(sql, ', ''moderator'')', ')') WHERE type = 'table' AND name = 'people';
                UPDATE sqlite_schema SET sql = replace(sql, '''facilitator'', ''moderation'', ''person''', '''facilitator'', ''person''') WHERE type = 'table' AND name = 'changes';
                PRAGMA writable_schema = RESET;
                CREATE TABLE unmigrate_bump (x INTEGER);
                DROP TABLE unmigrate_bump;
                DELETE FROM schema_migrations WHERE number = 16;
                """);
            Assert.DoesNotContain("moderator", db.ExecuteScalar<string>("SELECT sql FROM sqlite_schema WHERE name = 'people'"));
        }
        else
        {
            db.Execute("""
                ALTER TABLE people DROP CONSTRAINT people_role;
                ALTER TABLE people ADD CONSTRAINT people_role_check CHECK (role IN ('facilitator', 'stakeholder', 'participant', 'projector'));
                ALTER TABLE changes DROP CONSTRAINT changes_audience;
                ALTER TABLE changes ADD CONSTRAINT changes_audience CHECK (audience IN ('everyone', 'facilitator', 'person'));
                DELETE FROM schema_migrations WHERE number = 16;
                """);
        }
    }
}
