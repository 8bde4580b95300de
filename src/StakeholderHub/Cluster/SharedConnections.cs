using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Cluster;

/// <summary>
/// Several nodes: every node's hub connections, in the database (<c>connections</c>) as well as in this node's memory
/// (<see cref="Connections"/>): the broadcasting node sends a person's own batch to their connections on any node and
/// leaves them out of the group send. A node keeps its rows fresh; the rows of a node that stopped doing so (it died)
/// are removed by the others.
/// </summary>
public sealed class SharedConnections(Connections local, Database database, NodeIdentity node, TimeProvider clock) : IConnectionRegistry
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(95);

    /// <summary>
    /// The broadcasting node may be another one: the connection is registered in the database before it joins its
    /// groups, so a batch that reaches it through a group never lacks entries addressed to it that a Sync it makes
    /// after connecting would not bring (docs/deploy.md).
    /// </summary>
    public async Task Add(Person person, string connectionId, Func<Task> joinGroups)
    {
        // Opened without holding a thread: a room reconnecting at once must not starve the thread pool (Dialect.OpenAsync).
        await using (var connection = await database.OpenAsync())
        {
            await ClusterStore.AddConnection(connection, connectionId, node.Id, person, clock.GetUtcNow());
        }

        local.For(person.EventId).Add(person, connectionId);
        try
        {
            await joinGroups();
        }
        catch
        {
            await Remove(person, connectionId);
            throw;
        }
    }

    public async Task Remove(Person person, string connectionId)
    {
        local.For(person.EventId).Remove(person, connectionId);
        await using var connection = await database.OpenAsync();
        await ClusterStore.RemoveConnection(connection, connectionId);
    }

    /// <summary>The connections of these people of the event, on every node, with the role they listen as.</summary>
    public Dictionary<long, (Role Role, string[] Ids)> Find(System.Data.Common.DbConnection connection, long eventId, List<long> personIds)
    {
        var found = new Dictionary<long, (Role Role, string[] Ids)>();
        if (personIds.Count == 0)
        {
            return found;
        }

        foreach (var group in ClusterStore.Connections(connection, eventId, personIds).GroupBy(row => row.PersonId))
        {
            found[group.Key] = (Enum.Parse<Role>(group.First().Role), group.Select(row => row.ConnectionId).ToArray());
        }

        return found;
    }

    /// <summary>Keeps this node's rows fresh and removes those of nodes that stopped doing so.</summary>
    public void Refresh(System.Data.Common.DbConnection connection)
    {
        var now = clock.GetUtcNow();
        ClusterStore.RefreshConnections(connection, node.Id, now, now - Stale);
    }

    /// <summary>This node stops: its connections are gone.</summary>
    public void Forget()
    {
        using var connection = database.Open();
        ClusterStore.ForgetNode(connection, node.Id);
    }
}
