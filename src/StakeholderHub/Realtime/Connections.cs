using System.Collections.Concurrent;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>
/// Where a hub connection is registered when it connects and forgotten when it goes, chosen once by the store's
/// setup: this node's memory (<see cref="Connections"/>), or that and the shared database (several nodes,
/// <see cref="Cluster.SharedConnections"/>).
/// </summary>
public interface IConnectionRegistry
{
    /// <summary>Registers the connection and runs <paramref name="joinGroups"/>, so no batch finds it half-registered.</summary>
    Task Add(Person person, string connectionId, Func<Task> joinGroups);

    Task Remove(Person person, string connectionId);
}

/// <summary>
/// This node's connections, by event and person. The broadcaster sends entries addressed to one person to that
/// person's connections only, and leaves those connections out of the group send of the same batch. Joining a
/// group and sending a batch take the event's gate, so a connection is never half-registered when a batch leaves:
/// it gets either the group's batch or its own, never both and never neither.
/// </summary>
public sealed class Connections : IConnectionRegistry
{
    private readonly ConcurrentDictionary<long, EventConnections> _events = new();

    public EventConnections For(long eventId) => _events.GetOrAdd(eventId, _ => new EventConnections());

    /// <summary>The events with connections on this node.</summary>
    public IReadOnlyList<long> Events() => _events.Where(pair => !pair.Value.IsEmpty).Select(pair => pair.Key).ToList();

    public async Task Add(Person person, string connectionId, Func<Task> joinGroups)
    {
        var connections = For(person.EventId);
        await connections.Gate.WaitAsync();
        try
        {
            connections.Add(person, connectionId);
            await joinGroups();
        }
        finally
        {
            connections.Gate.Release();
        }
    }

    public Task Remove(Person person, string connectionId)
    {
        For(person.EventId).Remove(person, connectionId);
        return Task.CompletedTask;
    }

    public sealed class EventConnections
    {
        private readonly Dictionary<long, (Role Role, List<string> Ids)> _people = [];

        public bool IsEmpty
        {
            get
            {
                lock (_people)
                {
                    return _people.Count == 0;
                }
            }
        }

        /// <summary>Held while a batch is handed to SignalR and while a connection joins its groups.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Add(Person person, string connectionId)
        {
            lock (_people)
            {
                if (!_people.TryGetValue(person.Id, out var entry))
                {
                    entry = (person.Role, []);
                    _people[person.Id] = entry;
                }

                entry.Ids.Add(connectionId);
            }
        }

        public void Remove(Person person, string connectionId)
        {
            lock (_people)
            {
                if (_people.TryGetValue(person.Id, out var entry) && entry.Ids.Remove(connectionId) && entry.Ids.Count == 0)
                {
                    _people.Remove(person.Id);
                }
            }
        }

        /// <summary>The person's connections on this node and the role they listen as; none if not connected here.</summary>
        public (Role Role, string[] Ids) Of(long personId)
        {
            lock (_people)
            {
                return _people.TryGetValue(personId, out var entry) ? (entry.Role, entry.Ids.ToArray()) : (Role.Participant, []);
            }
        }
    }
}
