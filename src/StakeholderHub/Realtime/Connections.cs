using System.Collections.Concurrent;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>
/// This node's connections, by event and person. The broadcaster sends entries addressed to one person to that
/// person's connections only, and leaves those connections out of the group send of the same batch. Joining a
/// group and sending a batch take the event's gate, so a connection is never half-registered when a batch leaves:
/// it gets either the group's batch or its own, never both and never neither.
/// </summary>
public sealed class Connections
{
    private readonly ConcurrentDictionary<long, EventConnections> _events = new();

    public EventConnections For(long eventId) => _events.GetOrAdd(eventId, _ => new EventConnections());

    /// <summary>
    /// On the shared store: every node's connections, in the database, for the node that broadcasts the event.
    /// </summary>
    internal SharedRegistry? Shared { get; set; }

    /// <summary>The events with connections on this node.</summary>
    public IReadOnlyList<long> Events() => _events.Where(pair => !pair.Value.IsEmpty).Select(pair => pair.Key).ToList();

    /// <summary>
    /// Registers the connection and runs <paramref name="joinGroups"/>, both under the event's gate. On the shared
    /// store the broadcasting node may be another one: the connection is registered in the database before it joins
    /// its groups, so a batch that reaches it through a group never lacks entries addressed to it that a Sync it
    /// makes after connecting would not bring (docs/deploy.md).
    /// </summary>
    public async Task Add(Person person, string connectionId, Func<Task> joinGroups)
    {
        var connections = For(person.EventId);
        if (Shared is { } shared)
        {
            await shared.Add(person, connectionId);
            connections.Add(person, connectionId);
            try
            {
                await joinGroups();
            }
            catch
            {
                await Remove(person, connectionId);
                throw;
            }

            return;
        }

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

    public async Task Remove(Person person, string connectionId)
    {
        For(person.EventId).Remove(person, connectionId);
        if (Shared is { } shared)
        {
            await shared.Remove(connectionId);
        }
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
