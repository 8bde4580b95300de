using System.Security.Cryptography;
using StakeholderHub.Access;
using StakeholderHub.Data;

namespace StakeholderHub.Events;

/// <summary>The SQL of events, people and settings.</summary>
public static class EventStore
{
    private const string JoinCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private const string PersonColumns =
        "id AS Id, event_id AS EventId, role AS Role, name AS Name, organisation AS Organisation, country AS Country, "
        + "name_held_reason AS NameHeldFor, name_rejected AS NameRejected, link_generation AS LinkGeneration";

    public static long Version(IStoreReader sql, long eventId) =>
        sql.ExecuteScalar<long>("SELECT version FROM events WHERE id = @EventId", new { EventId = eventId });

    public static EventInfo? Find(IStoreReader sql, long eventId) =>
        sql.QuerySingleOrDefault<EventInfo>(
            "SELECT id AS Id, title AS Title, join_code AS JoinCode FROM events WHERE id = @EventId",
            new { EventId = eventId });

    public static EventInfo? FindByCode(IStoreReader sql, string code) =>
        sql.QuerySingleOrDefault<EventInfo>(
            "SELECT id AS Id, title AS Title, join_code AS JoinCode FROM events WHERE join_code = @Code",
            new { Code = code });

    /// <summary>Inserts an event with a join code no other event has, and binds the change to it.</summary>
    public static EventInfo Insert(WriteContext context, string title)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(JoinCodeAlphabet, 6);
            if (FindByCode(context, code) is not null)
            {
                continue;
            }

            var id = context.ExecuteScalar<long>(
                "INSERT INTO events (title, join_code, created_at) VALUES (@Title, @Code, @CreatedAt) RETURNING id",
                new { Title = title, Code = code, CreatedAt = context.NowMs });
            context.Bind(id);
            return new EventInfo(id, title, code);
        }
    }

    public static Person InsertPerson(WriteContext context, Role role, string name, string organisation = "",
        string country = "", string? email = null, string? requestId = null, bool badgeEmail = false)
    {
        var id = context.ExecuteScalar<long>(
            """
            INSERT INTO people (event_id, role, name, organisation, country, email, badge_email_consent, request_id, created_at)
            VALUES (@EventId, @Role, @Name, @Organisation, @Country, @Email, @BadgeEmail, @RequestId, @CreatedAt)
            RETURNING id
            """,
            new
            {
                context.EventId,
                Role = Roles.Name(role),
                Name = name,
                Organisation = organisation,
                Country = country,
                Email = email,
                BadgeEmail = badgeEmail ? 1L : 0L,
                RequestId = requestId,
                CreatedAt = context.NowMs,
            });
        return new Person(id, context.EventId, role, name, organisation, country);
    }

    public static Person? FindByRequest(IStoreReader sql, long eventId, string requestId) =>
        sql.QuerySingleOrDefault<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId AND request_id = @RequestId",
            new { EventId = eventId, RequestId = requestId })?.ToPerson();

    public static Person? FirstWithRole(IStoreReader sql, long eventId, Role role) =>
        sql.QuerySingleOrDefault<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId AND role = @Role ORDER BY id LIMIT 1",
            new { EventId = eventId, Role = Roles.Name(role) })?.ToPerson();

    /// <summary>Whether <paramref name="personId"/> is a stakeholder of the event.</summary>
    public static bool IsStakeholder(IStoreReader sql, long eventId, long personId) =>
        sql.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM people WHERE id = @Id AND event_id = @EventId AND role = 'stakeholder'",
            new { Id = personId, EventId = eventId }) == 1;

    public static IReadOnlyList<Person> People(IStoreReader sql, long eventId) =>
        sql.Query<PersonRow>(
            $"SELECT {PersonColumns} FROM people WHERE event_id = @EventId ORDER BY id",
            new { EventId = eventId }).Select(row => row.ToPerson()!).ToList();

    /// <summary>Holds a person's name out of the room, with why, or lets it in (null).</summary>
    public static void SetNameHeld(WriteContext context, long personId, string? reason) =>
        context.Execute("UPDATE people SET name_held_reason = @Reason, name_rejected = 0 WHERE id = @Id", new { Id = personId, Reason = reason });

    public static void RejectName(WriteContext context, long personId) =>
        context.Execute("UPDATE people SET name_rejected = 1 WHERE id = @Id", new { Id = personId });

    public static long CountParticipants(IStoreReader sql, long eventId) =>
        sql.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM people WHERE event_id = @EventId AND role = 'participant'",
            new { EventId = eventId });

    public static Person? FindPerson(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<PersonRow>($"SELECT {PersonColumns} FROM people WHERE id = @PersonId AND erased_at IS NULL", new { PersonId = personId })?.ToPerson();

    /// <summary>Counts the person's link generation up: every link they had stops working (Access/TokenSigner.cs).</summary>
    public static Person? NewLink(WriteContext context, long eventId, long personId)
    {
        context.Execute(
            "UPDATE people SET link_generation = link_generation + 1 WHERE id = @Id AND event_id = @EventId AND erased_at IS NULL",
            new { Id = personId, EventId = eventId });
        return FindPerson(context, personId) is { } person && person.EventId == eventId ? person : null;
    }

    /// <summary>The e-mail address a person gave when joining, if any.</summary>
    public static string? Email(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<string?>("SELECT email FROM people WHERE id = @Id", new { Id = personId });

    /// <summary>
    /// The event's participants with the e-mail address each gave when joining, where they agreed at check-in that it
    /// may be used for the badge (otherwise none).
    /// </summary>
    public static IReadOnlyList<(long Id, string Name, string? Email)> Participants(IStoreReader sql, long eventId) =>
        sql.Query<(long Id, string Name, string? Email)>(
            """
            SELECT id, name, CASE WHEN badge_email_consent = 1 THEN email END AS email
            FROM people WHERE event_id = @EventId AND role = 'participant' ORDER BY id
            """,
            new { EventId = eventId }).ToList();

    public static string? Setting(IStoreReader sql, string key) =>
        sql.QuerySingleOrDefault<string>("SELECT value FROM settings WHERE key = @Key", new { Key = key });

    public static void SaveSetting(WriteContext context, string key, string value) =>
        context.Execute(
            "INSERT INTO settings (key, value) VALUES (@Key, @Value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { Key = key, Value = value });
}
