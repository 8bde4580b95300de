using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// What a change sees inside the writer's transaction: the connection, the clock, and the event's next version,
/// taken once, the first time the change emits an entry or records evidence. Its SQL runs as the writer's prepared
/// statements (<see cref="Statements"/>) when the writer gives them (SQLite), else through Dapper (PostgreSQL).
/// </summary>
public sealed class WriteContext(DbConnection connection, DbTransaction transaction, DateTimeOffset now, Statements? statements = null)
{
    private readonly List<StoredChange> _changes = [];
    private readonly List<Touched> _touched = [];
    private long _eventId;
    private long _version;

    public DateTimeOffset Now { get; } = now;

    public long NowMs => Now.ToUnixTimeMilliseconds();

    public IReadOnlyList<StoredChange> Changes => _changes;

    /// <summary>The people whose evidence this change wrote or whose counted contributions it changed, for the followers.</summary>
    public IReadOnlyList<Touched> TouchedPeople => _touched;

    /// <summary>
    /// Says that something a person contributed changed in a way their evidence does not show (a practice hidden, a
    /// question dismissed), so the followers (<see cref="IChangeFollower"/>) look at that person again.
    /// </summary>
    public void Touch(long eventId, long personId) => _touched.Add(new Touched(eventId, personId, null));

    public int Execute(string sql, object? param = null) =>
        Prepared(param) is { } prepared ? prepared.Execute(sql, param, transaction) : connection.Execute(sql, param, transaction);

    public T ExecuteScalar<T>(string sql, object? param = null) =>
        Prepared(param) is { } prepared ? prepared.ExecuteScalar<T>(sql, param, transaction) : connection.ExecuteScalar<T>(sql, param, transaction)!;

    public IEnumerable<T> Query<T>(string sql, object? param = null) =>
        Prepared(param) is { } prepared ? prepared.Query<T>(sql, param, transaction) : connection.Query<T>(sql, param, transaction);

    public T? QuerySingleOrDefault<T>(string sql, object? param = null) =>
        Prepared(param) is { } prepared ? prepared.QuerySingleOrDefault<T>(sql, param, transaction) : connection.QuerySingleOrDefault<T>(sql, param, transaction);

    private Statements? Prepared(object? param) => statements is not null && Statements.Bindable(param) ? statements : null;

    public IDbConnection Connection => connection;

    public IDbTransaction Transaction => transaction;

    /// <summary>
    /// On PostgreSQL, locks the event's row now, before the change locks any other row that another node's writer may
    /// also want (a proposal's counts): every change then waits for the event first, in the same order on every node,
    /// and two nodes' writers no longer deadlock (docs/deploy.md). The version is still taken only when the change
    /// emits something. Nothing on SQLite, where one writer has the file.
    /// </summary>
    public void LockEvent(long eventId)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            ExecuteScalar<long?>("SELECT id FROM events WHERE id = @EventId FOR UPDATE", new { EventId = eventId });
        }
    }

    /// <summary>The version this change commits as; the first call takes the event's next one.</summary>
    public long Version(long eventId)
    {
        if (_version != 0)
        {
            if (eventId != _eventId)
            {
                throw new InvalidOperationException("One change belongs to one event.");
            }

            return _version;
        }

        _version = ExecuteScalar<long?>(
            "UPDATE events SET version = version + 1 WHERE id = @EventId RETURNING version",
            new { EventId = eventId }) ?? throw new InvalidOperationException($"Event {eventId} does not exist.");
        _eventId = eventId;
        return _version;
    }

    /// <summary>Records an entry that the clients of the event receive after the commit, and that Sync replays.</summary>
    public void Emit(long eventId, string kind, object data, Audience? audience = null, string? mergeKey = null)
    {
        var to = audience ?? Audience.Everyone;
        var version = Version(eventId);
        var json = JsonSerializer.SerializeToElement(data, data.GetType(), Json.Options);
        Execute(
            """
            INSERT INTO changes (event_id, version, seq, kind, audience, recipient, merge_key, data, created_at)
            VALUES (@EventId, @Version, @Seq, @Kind, @Audience, @Recipient, @MergeKey, @Data, @CreatedAt)
            """,
            new
            {
                EventId = eventId,
                Version = version,
                Seq = _changes.Count,
                Kind = kind,
                Audience = Audiences.Name(to),
                Recipient = Audiences.Recipient(to),
                MergeKey = mergeKey,
                Data = json.GetRawText(),
                CreatedAt = NowMs,
            });
        _changes.Add(new StoredChange(eventId, new Change(version, kind, json), to, mergeKey));
    }

    /// <summary>Appends a participant's interaction to the evidence log, in this change's transaction.</summary>
    public void Evidence(long eventId, long personId, string action, string? subjectKind = null, long? subjectId = null, string? detail = null)
    {
        Execute(
            """
            INSERT INTO evidence (event_id, person_id, version, action, subject_kind, subject_id, detail, created_at)
            VALUES (@EventId, @PersonId, @Version, @Action, @SubjectKind, @SubjectId, @Detail, @CreatedAt)
            """,
            new
            {
                EventId = eventId,
                PersonId = personId,
                Version = Version(eventId),
                Action = action,
                SubjectKind = subjectKind,
                SubjectId = subjectId,
                Detail = detail,
                CreatedAt = NowMs,
            });
        _touched.Add(new Touched(eventId, personId, action));
    }
}

/// <summary>A person a change concerned: through an evidence action, or (no action) through <see cref="WriteContext.Touch"/>.</summary>
public readonly record struct Touched(long EventId, long PersonId, string? Action);

/// <summary>Runs inside every change's transaction after the change itself, to add what follows from it.</summary>
public interface IChangeFollower
{
    void Follow(WriteContext context);
}
