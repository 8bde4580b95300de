using System.Data;
using System.Security.Cryptography;
using Dapper;
using StakeholderHub.Access;
using StakeholderHub.Data;

namespace StakeholderHub.Events;

/// <summary>The SQL of events, people and settings.</summary>
public static class EventStore
{
    private const string JoinCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private const string PersonColumns =
        "id AS Id, event_id AS EventId, role AS Role, name AS Name, organisation AS Organisation, country AS Country";

    public static long Version(IDbConnection connection, IDbTransaction? transaction, long eventId) =>
        connection.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId }, transaction);

    public static EventInfo? Find(IDbConnection connection, IDbTransaction? transaction, long eventId) =>
        connection.QuerySingleOrDefault<EventInfo>(
            "SELECT id AS Id, title AS Title, join_code AS JoinCode FROM events WHERE id = @EventId",
            new { EventId = eventId }, transaction);

    public static EventInfo? FindByCode(IDbConnection connection, IDbTransaction? transaction, string code) =>
        connection.QuerySingleOrDefault<EventInfo>(
            "SELECT id AS Id, title AS Title, join_code AS JoinCode FROM events WHERE join_code = @Code",
            new { Code = code }, transaction);

    /// <summary>Inserts an event with a join code no other event has.</summary>
    public static EventInfo Insert(WriteContext context, string title)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(JoinCodeAlphabet, 6);
            if (FindByCode(context.Connection, context.Transaction, code) is not null)
            {
                continue;
            }

            var id = context.ExecuteScalar<long>(
                "INSERT INTO events (title, join_code, created_at) VALUES (@Title, @Code, @CreatedAt) RETURNING id",
                new { Title = title, Code = code, CreatedAt = context.NowMs });
            return new EventInfo(id, title, code);
        }
    }

    public static Person InsertPerson(WriteContext context, long eventId, Role role, string name, string organisation = "",
        string country = "", string? email = null, string? requestId = null)
    {
        var id = context.ExecuteScalar<long>(
            """
            INSERT INTO people (event_id, role, name, organisation, country, email, request_id, created_at)
            VALUES (@EventId, @Role, @Name, @Organisation, @Country, @Email, @RequestId, @CreatedAt)
            RETURNING id
            """,
            new
            {
                EventId = eventId,
                Role = Roles.Name(role),
                Name = name,
                Organisation = organisation,
                Country = country,
                Email = email,
                RequestId = requestId,
                CreatedAt = context.NowMs,
            });
        return new Person(id, eventId, role, name, organisation, country);
    }

    public static Person? FindByRequest(WriteContext context, long eventId, string requestId) =>
        context.QuerySingleOrDefault<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId AND request_id = @RequestId",
            new { EventId = eventId, RequestId = requestId })?.ToPerson();

    public static Person? FirstWithRole(IDbConnection connection, IDbTransaction? transaction, long eventId, Role role) =>
        connection.QueryFirstOrDefault<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId AND role = @Role ORDER BY id LIMIT 1",
            new { EventId = eventId, Role = Roles.Name(role) }, transaction)?.ToPerson();

    /// <summary>Whether <paramref name="personId"/> is a stakeholder of the event.</summary>
    public static bool IsStakeholder(WriteContext context, long eventId, long personId) =>
        context.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM people WHERE id = @Id AND event_id = @EventId AND role = 'stakeholder'",
            new { Id = personId, EventId = eventId }) == 1;

    public static IReadOnlyList<Person> People(IDbConnection connection, IDbTransaction? transaction, long eventId) =>
        connection.Query<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId ORDER BY id",
            new { EventId = eventId }, transaction).Select(row => row.ToPerson()!).ToList();

    public static long CountParticipants(IDbConnection connection, IDbTransaction? transaction, long eventId) =>
        connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'participant'",
            new { EventId = eventId }, transaction);

    public static string? Setting(IDbConnection connection, IDbTransaction? transaction, string key) =>
        connection.QuerySingleOrDefault<string>("SELECT value FROM settings WHERE key = @Key", new { Key = key }, transaction);

    public static void SaveSetting(WriteContext context, string key, string value) =>
        context.Execute(
            "INSERT INTO settings (key, value) VALUES (@Key, @Value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { Key = key, Value = value });
}
