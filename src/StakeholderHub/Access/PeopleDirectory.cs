using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Data;

namespace StakeholderHub.Access;

/// <summary>
/// Looks people up by id for every authenticated call, and knows this node's open hub connections of each. A person's
/// event and role never change, so found people are kept in memory, until a change revokes them
/// (<see cref="WriteContext.Revoke"/>: a new link, an erase, a purge). Then <see cref="Revoked"/> forgets them and closes
/// their open connections on this node, right after the commit; with several nodes every other node hears it from the
/// store (<c>NOTIFY</c>, <see cref="Cluster.SharedBroadcaster"/>) and does the same. A link is valid while the person
/// exists, is not erased, and the link's generation is theirs now.
/// </summary>
public sealed class PeopleDirectory(Database database, ILogger<PeopleDirectory> logger) : IPeopleListener
{
    private readonly ConcurrentDictionary<long, Person> _known = new();
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, HubCallerContext>> _open = new();

    /// <summary>The person, whatever link they came with (for what the store says about them now).</summary>
    public async ValueTask<Person?> Find(long personId)
    {
        if (_known.TryGetValue(personId, out var known))
        {
            return known;
        }

        Person? person;
        using (var sql = database.Read())
        {
            person = Events.EventStore.FindPerson(sql, personId);
        }

        if (person is null)
        {
            return null;
        }

        _known[personId] = person;
        return person;
    }

    /// <summary>The person if a link of this generation is theirs now; else null (an old link, erased, unknown).</summary>
    public async ValueTask<Person?> Find(long personId, int generation) =>
        await Find(personId) is { } person && person.LinkGeneration == generation ? person : null;

    /// <summary>The caller of an authenticated request or hub call, as long as the link they came with is valid.</summary>
    public async ValueTask<Person> Caller(System.Security.Claims.ClaimsPrincipal? user) =>
        await Find(user.PersonId(), user.LinkGeneration())
            ?? throw new Refusal(RefusalCode.Unauthorized, "This token is no longer valid.");

    /// <summary>
    /// A hub connection of the person opened on this node: kept so a revocation can close it. If the person was
    /// revoked while it was opening, it is closed at once.
    /// </summary>
    public async Task Opened(Person person, HubCallerContext connection)
    {
        _open.GetOrAdd(person.Id, _ => new()).TryAdd(connection.ConnectionId, connection);
        if (await Find(person.Id, person.LinkGeneration) is null)
        {
            connection.Abort();
        }
    }

    public void Closed(long personId, string connectionId)
    {
        if (_open.TryGetValue(personId, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            _open.TryRemove(new KeyValuePair<long, ConcurrentDictionary<string, HubCallerContext>>(personId, connections));
        }
    }

    /// <summary>
    /// People changed: forget them all; those revoked (their link changed or they are gone) have their connections on
    /// this node closed.
    /// </summary>
    public void Changed(PeopleChanges changes)
    {
        foreach (var personId in changes.Reread)
        {
            _known.TryRemove(personId, out _);
        }

        foreach (var personId in changes.Revoked)
        {
            _known.TryRemove(personId, out _);
            if (_open.TryGetValue(personId, out var connections))
            {
                foreach (var connection in connections.Values)
                {
                    logger.LogInformation("Closing connection {ConnectionId}: the link of person {PersonId} was revoked", connection.ConnectionId, personId);
                    connection.Abort();
                }
            }
        }
    }

    /// <summary>
    /// Revocations may have been missed (with several nodes: this node's listening session to the store was away):
    /// forget everyone, and close the open connections whose link is no longer valid.
    /// </summary>
    public async Task RecheckAll()
    {
        _known.Clear();
        foreach (var (personId, connections) in _open)
        {
            foreach (var connection in connections.Values)
            {
                if (await Find(personId, connection.User.LinkGeneration()) is null)
                {
                    connection.Abort();
                }
            }
        }
    }
}

public sealed record PersonRow(long Id, long EventId, string Role, string Name, string Organisation, string Country,
    string? NameHeldFor, long NameRejected, long LinkGeneration)
{
    public Person? ToPerson() =>
        Roles.TryParse(Role, out var role)
            ? new Person(Id, EventId, role.Value, Name, Organisation, Country, NameHeldFor is not null, NameHeldFor,
                NameHeldFor is not null && NameRejected == 1, checked((int)LinkGeneration))
            : null;
}
