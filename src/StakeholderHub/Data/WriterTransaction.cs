using System.Data.Common;
using System.Text;
using Dapper;

namespace StakeholderHub.Data;

/// <summary>
/// What one transaction of the writer keeps in memory until it commits: the versions of the events it changes, and the
/// change-log rows its changes emitted.
/// <para>
/// Versions: the transaction holds each event it changes until it commits (the writer is the store's only one on
/// SQLite; on PostgreSQL it locks the event's row, <see cref="Dialect.BeginChange"/>), so nobody else can number a
/// change of it meanwhile. The event's version is read once per transaction, each change takes the next one here, and
/// the event's row is written once, just before the commit, instead of once per change.
/// </para>
/// <para>
/// Change-log rows: nothing in a change reads the log, so its rows are inserted together, many to a statement, just
/// before the commit (<see cref="Flush"/>), instead of one statement each. A statement that names the log (an erasure
/// rewriting or deleting a person's entries) first flushes what is pending, so it sees every entry emitted before it.
/// </para>
/// A change's savepoint going back (<see cref="Reset"/>) takes back its versions and its rows, and rows of earlier
/// changes that were flushed inside it are inserted again.
/// </summary>
internal sealed class WriterTransaction(DbConnection connection, DbTransaction transaction, Statements? statements)
{
    /// <summary>Rows per insert statement, largest first; every count of rows is made of these (few distinct statements to prepare).</summary>
    private static readonly int[] Chunks = [64, 16, 4, 1];

    private static readonly Dictionary<int, string> InsertSql = Chunks.ToDictionary(rows => rows, Insert);

    private Dictionary<long, long> _current = [];
    private HashSet<long> _taken = [];
    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, object> _remembered = [];
    private int _flushed;

    /// <summary>
    /// A value read once per transaction (an event's badge rule): kept until the commit, or until a change that may have
    /// changed it says so (<see cref="Forget"/>) or goes back. What it reads belongs to an event the transaction holds,
    /// so no other writer changes it meanwhile.
    /// </summary>
    public T Remembered<T>(string key, Func<T> read) where T : class
    {
        if (_remembered.TryGetValue(key, out var value))
        {
            return (T)value;
        }

        var fresh = read();
        _remembered[key] = fresh;
        return fresh;
    }

    public void Forget(string key) => _remembered.Remove(key);

    public bool Holds(long eventId) => _current.ContainsKey(eventId);

    /// <summary>The event's version as the transaction now stands.</summary>
    public long Current(long eventId) => _current[eventId];

    /// <summary>The transaction now holds the event, whose committed version is <paramref name="version"/>.</summary>
    public long Held(long eventId, long version) => _current[eventId] = version;

    /// <summary>Numbers a change of an event the transaction holds.</summary>
    public long Next(long eventId)
    {
        var version = _current[eventId] + 1;
        _current[eventId] = version;
        _taken.Add(eventId);
        return version;
    }

    /// <summary>A change-log row, inserted at the latest just before the commit.</summary>
    public void Add(Row row) => _rows.Add(row);

    /// <summary>Whether <paramref name="sql"/> may read or change the log while rows wait to be inserted.</summary>
    public bool MustFlushFor(string sql) => _flushed < _rows.Count && sql.Contains("changes", StringComparison.Ordinal);

    /// <summary>Inserts the waiting change-log rows.</summary>
    public void Flush()
    {
        while (_flushed < _rows.Count)
        {
            var count = Chunks.First(size => size <= _rows.Count - _flushed);
            var values = new object?[count * Row.Columns];
            for (var i = 0; i < count; i++)
            {
                _rows[_flushed + i].CopyTo(values, i * Row.Columns);
            }

            if (statements is not null)
            {
                statements.ExecuteValues(InsertSql[count], values, transaction);
            }
            else
            {
                var parameters = new DynamicParameters();
                for (var i = 0; i < values.Length; i++)
                {
                    parameters.Add($"p{i}", values[i]);
                }

                connection.Execute(InsertSql[count], parameters, transaction);
            }

            _flushed += count;
        }
    }

    /// <summary>Before the commit: the rows still waiting, then each changed event's version as its last change left it.</summary>
    public void Finish()
    {
        Flush();
        foreach (var eventId in _taken)
        {
            if (statements is not null)
            {
                statements.Execute(UpdateVersion, new { EventId = eventId, Version = _current[eventId] }, transaction);
            }
            else
            {
                connection.Execute(UpdateVersion, new { EventId = eventId, Version = _current[eventId] }, transaction);
            }
        }
    }

    private const string UpdateVersion = "UPDATE events SET version = @Version WHERE id = @EventId";

    /// <summary>What a change's savepoint can go back to.</summary>
    public Mark Marked() => new(new(_current), [.. _taken], _rows.Count, _flushed);

    /// <summary>
    /// Back to <paramref name="mark"/>, as the savepoint went back: the versions the change took are free again, an
    /// event it began holding is read again by the next change (on PostgreSQL the rollback released its lock), its rows
    /// are dropped, rows flushed since the mark (which the rollback removed) wait to be inserted again, and what was
    /// remembered is read again.
    /// </summary>
    public void Reset(Mark mark)
    {
        (_current, _taken) = (new(mark.Current), [.. mark.Taken]);
        _rows.RemoveRange(mark.Rows, _rows.Count - mark.Rows);
        _flushed = mark.Flushed;
        _remembered.Clear();
    }

    public sealed record Mark(Dictionary<long, long> Current, HashSet<long> Taken, int Rows, int Flushed);

    /// <summary>One row of the change log (what Sync replays).</summary>
    public sealed record Row(long EventId, long Version, long Seq, string Kind, string Audience, long? Recipient, string? MergeKey, string Data, long CreatedAt)
    {
        public const int Columns = 9;

        public void CopyTo(object?[] values, int at)
        {
            values[at] = EventId;
            values[at + 1] = Version;
            values[at + 2] = Seq;
            values[at + 3] = Kind;
            values[at + 4] = Audience;
            values[at + 5] = Recipient;
            values[at + 6] = MergeKey;
            values[at + 7] = Data;
            values[at + 8] = CreatedAt;
        }
    }

    private static string Insert(int rows)
    {
        var sql = new StringBuilder("INSERT INTO changes (event_id, version, seq, kind, audience, recipient, merge_key, data, created_at) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < Row.Columns; column++)
            {
                sql.Append(column == 0 ? "" : ", ").Append("@p").Append(row * Row.Columns + column);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
