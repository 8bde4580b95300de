using System.Data.Common;
using System.Text.Json;
using Dapper;
using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// One change, inside the writer's transaction, bound to its event: the handle a feature's store writes through. It
/// numbers the change (the event's next version, taken the first time the change emits an entry or records evidence),
/// records the entries clients receive and the evidence, and runs the store's SQL as the writer's prepared statements
/// where the store keeps them (<see cref="Statements"/>, SQLite), else through Dapper. A change that emitted nothing is
/// answered with the event's current version: "unchanged".
/// </summary>
public sealed class WriteContext : IStoreReader
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Statements? _statements;
    private readonly Dialect _dialect;
    private readonly List<StoredChange> _changes = [];
    private readonly List<Touched> _touched = [];
    private readonly List<long> _revoked = [];
    private readonly List<long> _reread = [];
    private readonly WriterTransaction _writerTransaction;
    private long? _eventId;
    private long _taken;
    private string? _start;

    internal WriteContext(DbConnection connection, DbTransaction transaction, DateTimeOffset now, Statements? statements, Dialect dialect,
        WriterTransaction writerTransaction, long? eventId)
    {
        _writerTransaction = writerTransaction;
        _connection = connection;
        _transaction = transaction;
        _statements = statements;
        _dialect = dialect;
        _eventId = eventId;
        Now = now;
    }

    public DateTimeOffset Now { get; }

    public long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>The event this change belongs to.</summary>
    public long EventId => _eventId ?? throw new InvalidOperationException("A change belongs to an event: this one has none yet (ChangeWriter.CreateEvent binds the event it makes).");

    public IReadOnlyList<StoredChange> Changes => _changes;

    /// <summary>The people whose evidence this change wrote or whose counted contributions it changed, for the followers.</summary>
    public IReadOnlyList<Touched> TouchedPeople => _touched;

    /// <summary>
    /// The version this change commits as once it emitted or recorded something; until then the event's current one
    /// (what an unchanged answer carries).
    /// </summary>
    public long Version => _taken != 0 ? _taken : Current;

    /// <summary>
    /// The event's version as the writer's transaction now stands: read once per transaction (where the store locks
    /// events, when the change began: <see cref="Begin"/>), then counted in memory (<see cref="WriterTransaction"/>).
    /// </summary>
    private long Current => _writerTransaction.Holds(EventId)
        ? _writerTransaction.Current(EventId)
        : _writerTransaction.Held(EventId, ExecuteScalar<long?>("SELECT version FROM events WHERE id = @EventId", new { EventId })
                                  ?? throw new InvalidOperationException($"Event {EventId} does not exist."));

    /// <summary>Binds a change that made its own event (<see cref="ChangeWriter.CreateEvent{T}"/>) to it.</summary>
    internal void Bind(long eventId)
    {
        if (_eventId is not null && _eventId != eventId)
        {
            throw new InvalidOperationException("One change belongs to one event.");
        }

        _eventId = eventId;
    }

    /// <summary>
    /// Begins the change: where several writers share the store, the first change of an event in a transaction locks
    /// the event's row before anything else (<see cref="Dialect.BeginChange"/>), and the transaction holds it to the commit.
    /// </summary>
    internal void Begin()
    {
        if (_eventId is { } eventId && !_writerTransaction.Holds(eventId))
        {
            StartNow();
            if (_dialect.BeginChange(_connection, _transaction, eventId) is { } version)
            {
                _writerTransaction.Held(eventId, version);
            }
        }
    }

    /// <summary>
    /// Where every statement is a round trip (PostgreSQL), the writer does not send a change's savepoint on its own:
    /// <paramref name="sql"/> (the savepoint, after the previous change's release) is sent in front of the change's
    /// first statement, in the same command (<see cref="ChangeWriter"/>).
    /// </summary>
    internal void StartWith(string sql) => _start = sql;

    /// <summary>Whether the savepoint given to <see cref="StartWith"/> was sent: the change ran a statement.</summary>
    internal bool Started { get; private set; }

    /// <summary><paramref name="sql"/>, with the change's savepoint in front while it was not sent yet.</summary>
    private string Sent(string sql)
    {
        if (_start is null)
        {
            return sql;
        }

        var sent = $"{_start}; {sql}";
        (_start, Started) = (null, true);
        return sent;
    }

    /// <summary>Sends the change's savepoint on its own, before a statement that does not go through <see cref="Sent"/>.</summary>
    private void StartNow()
    {
        if (_start is not null)
        {
            _connection.Execute(Sent("SELECT 1"), null, _transaction);
        }
    }

    /// <summary>
    /// Says that something a person contributed changed in a way their evidence does not show (a practice hidden, a
    /// question dismissed), so the followers (<see cref="IChangeFollower"/>) look at that person again;
    /// <paramref name="anonymous"/>: it concerns their anonymous question, which must not name them (docs/privacy.md).
    /// </summary>
    public void Touch(long personId, bool anonymous = false) => _touched.Add(new Touched(personId, null, anonymous));

    /// <summary>
    /// Says that the person's links stop working with this change (a new link, an erase, a purge): once it commits,
    /// every node forgets the person and closes their open connections (<see cref="IPeopleListener"/>).
    /// </summary>
    public void Revoke(long personId) => _revoked.Add(personId);

    /// <summary>Says that what is kept in memory of the person is out of date (their name): every node reads them again.</summary>
    public void Reread(long personId) => _reread.Add(personId);

    /// <summary>What <see cref="Revoke"/> and <see cref="Reread"/> said.</summary>
    public PeopleChanges PeopleChanges => new(_revoked, _reread);

    /// <summary>Holds the store-wide lock <paramref name="key"/> until the commit where the store has such locks (several nodes).</summary>
    public void LockUntilCommit(long key)
    {
        StartNow();
        _dialect.LockUntilCommit(_connection, _transaction, key);
    }

    public int Execute(string sql, object? param = null) =>
        Prepared(sql, param) is { } prepared ? prepared.Execute(sql, param, _transaction) : _connection.Execute(Sent(sql), param, _transaction);

    public T ExecuteScalar<T>(string sql, object? param = null) =>
        Prepared(sql, param) is { } prepared ? prepared.ExecuteScalar<T>(sql, param, _transaction) : _connection.ExecuteScalar<T>(Sent(sql), param, _transaction)!;

    public IEnumerable<T> Query<T>(string sql, object? param = null) =>
        Prepared(sql, param) is { } prepared ? prepared.Query<T>(sql, param, _transaction) : _connection.Query<T>(Sent(sql), param, _transaction);

    public T? QuerySingleOrDefault<T>(string sql, object? param = null) =>
        Prepared(sql, param) is { } prepared ? prepared.QuerySingleOrDefault<T>(sql, param, _transaction) : _connection.QuerySingleOrDefault<T>(Sent(sql), param, _transaction);

    /// <summary>
    /// A value this transaction reads once (<see cref="WriterTransaction.Remembered{T}"/>): for what many changes of a
    /// storm read alike, such as the event's badge rule. The statement that changes it calls <see cref="Forget"/>.
    /// </summary>
    internal T Remembered<T>(string key, Func<T> read) where T : class => _writerTransaction.Remembered(key, read);

    internal void Forget(string key) => _writerTransaction.Forget(key);

    public string InList(string expression, string parameter) => _dialect.InList(expression, parameter);

    /// <summary>
    /// The writer's prepared statements where they can run <paramref name="sql"/>, else null (Dapper). A statement that
    /// names the change log first has the waiting change-log rows inserted (<see cref="WriterTransaction"/>).
    /// </summary>
    private Statements? Prepared(string sql, object? param)
    {
        if (_writerTransaction.MustFlushFor(sql))
        {
            // The rows are inserted inside this change's savepoint (its going back re-queues them).
            StartNow();
            _writerTransaction.Flush();
        }

        return _statements is not null && Statements.Bindable(param) ? _statements : null;
    }

    /// <summary>Records an entry that the clients of the event receive after the commit, and that Sync replays.</summary>
    public void Emit(string kind, object data, Audience? audience = null, string? mergeKey = null)
    {
        var to = audience ?? Audience.Everyone;
        var version = Take();
        var json = JsonSerializer.SerializeToElement(data, data.GetType(), Json.Options);
        // Inserted with the transaction's other change-log rows, before the commit.
        _writerTransaction.Add(new WriterTransaction.Row(EventId, version, _changes.Count, kind, Audiences.Name(to), Audiences.Recipient(to), mergeKey,
            json.GetRawText(), NowMs));
        _changes.Add(new StoredChange(EventId, new Change(version, kind, json), to, mergeKey));
    }

    /// <summary>
    /// The entries of this change addressed to the caller alone, as their answer carries them (the newest of those
    /// that share a merge key), marked as answered on the calling connection so the broadcaster does not send them
    /// there again; null when there are none, or outside a hub call.
    /// </summary>
    internal IReadOnlyList<Change>? AnswerTo(Calling? calling)
    {
        if (calling is null)
        {
            return null;
        }

        var own = Audience.Person(calling.PersonId);
        var answered = new List<StoredChange>();
        for (var i = 0; i < _changes.Count; i++)
        {
            if (_changes[i].Audience == own)
            {
                _changes[i] = _changes[i] with { AnsweredOn = calling.ConnectionId };
                answered.Add(_changes[i]);
            }
        }

        return answered.Count == 0 ? null : BatchSender.Merge(answered).Select(change => change.Change).ToList();
    }

    /// <summary>Appends a person's interaction to the evidence log, in this change's transaction.</summary>
    public void Evidence(long personId, string action, string? subjectKind = null, long? subjectId = null, string? detail = null)
    {
        Execute(
            """
            INSERT INTO evidence (event_id, person_id, version, action, subject_kind, subject_id, detail, created_at)
            VALUES (@EventId, @PersonId, @Version, @Action, @SubjectKind, @SubjectId, @Detail, @CreatedAt)
            """,
            new
            {
                EventId,
                PersonId = personId,
                Version = Take(),
                Action = action,
                SubjectKind = subjectKind,
                SubjectId = subjectId,
                Detail = detail,
                CreatedAt = NowMs,
            });
        _touched.Add(new Touched(personId, action, detail == Touched.AnonymousDetail));
    }

    /// <summary>
    /// Numbers this change now, before it emitted anything: for a change whose entries its followers add after it ran
    /// (a badge issued: the holder's progress), and whose answer carries the version.
    /// </summary>
    public long TakeVersion() => Take();

    /// <summary>The event's next version, taken once per change (the event's row is written once per transaction, by the writer).</summary>
    private long Take()
    {
        if (_taken == 0)
        {
            _ = Current;
            _taken = _writerTransaction.Next(EventId);
        }

        return _taken;
    }
}

/// <summary>
/// A person a change concerned: through an evidence action, or (no action) through <see cref="WriteContext.Touch"/>.
/// <paramref name="Anonymous"/>: through their anonymous question (evidence detail <c>anonymous</c>), which tells
/// nobody but them.
/// </summary>
public readonly record struct Touched(long PersonId, string? Action, bool Anonymous = false)
{
    public const string AnonymousDetail = "anonymous";
}

/// <summary>People whose links a change revoked (<see cref="WriteContext.Revoke"/>) or whose row it changed (<see cref="WriteContext.Reread"/>).</summary>
public sealed record PeopleChanges(IReadOnlyList<long> Revoked, IReadOnlyList<long> Reread)
{
    public bool IsEmpty => Revoked.Count == 0 && Reread.Count == 0;

    public static PeopleChanges Of(IEnumerable<PeopleChanges> changes)
    {
        var all = changes.ToList();
        return new(all.SelectMany(c => c.Revoked).Distinct().ToList(), all.SelectMany(c => c.Reread).Distinct().ToList());
    }
}

/// <summary>Hears, right after a commit, of the people it revoked or changed (the people directory of each node).</summary>
public interface IPeopleListener
{
    void Changed(PeopleChanges changes);
}

/// <summary>Runs inside every change's transaction after the change itself, to add what follows from it.</summary>
public interface IChangeFollower
{
    void Follow(WriteContext context);
}
