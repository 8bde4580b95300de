namespace StakeholderHub.Data;

/// <summary>
/// The versions of the events one writer transaction changes, counted in memory. The transaction holds each event it
/// changes until it commits (the writer is the store's only one on SQLite; on PostgreSQL it locks the event's row,
/// <see cref="Dialect.BeginChange"/>), so nobody else can number a change of it meanwhile: the event's version is
/// read once per transaction, each change takes the next one here, and the event's row is written once, just before
/// the commit (<see cref="Taken"/>), instead of once per change.
/// </summary>
internal sealed class EventVersions
{
    private Dictionary<long, long> _current = [];
    private HashSet<long> _taken = [];

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

    /// <summary>The events whose version changed in this transaction, and the version each commits with.</summary>
    public IEnumerable<(long EventId, long Version)> Taken => _taken.Select(id => (id, _current[id]));

    /// <summary>What a change's savepoint can go back to.</summary>
    public Mark Marked() => new(new(_current), [.. _taken]);

    /// <summary>
    /// Back to <paramref name="mark"/>, as the savepoint went back: the versions the change took are free again, and
    /// an event it began holding is read again by the next change (on PostgreSQL the rollback released its lock).
    /// </summary>
    public void Reset(Mark mark) => (_current, _taken) = (new(mark.Current), [.. mark.Taken]);

    public sealed record Mark(Dictionary<long, long> Current, HashSet<long> Taken);
}
