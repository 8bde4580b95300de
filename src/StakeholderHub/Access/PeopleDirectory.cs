using System.Collections.Concurrent;
using StakeholderHub.Data;

namespace StakeholderHub.Access;

/// <summary>
/// Looks people up by id for every authenticated call. A person's event and role never change, so found
/// people are kept in memory.
/// </summary>
public sealed class PeopleDirectory(Database database)
{
    private readonly ConcurrentDictionary<long, Person> _known = new();

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

    /// <summary>Forgets a person who was erased: their token no longer finds them.</summary>
    public void Forget(long personId) => _known.TryRemove(personId, out _);

    /// <summary>The caller of an authenticated request or hub call.</summary>
    public async ValueTask<Person> Caller(System.Security.Claims.ClaimsPrincipal? user) =>
        await Find(user.PersonId()) ?? throw new Refusal(RefusalCode.Unauthorized, "This token is no longer valid.");
}

public sealed record PersonRow(long Id, long EventId, string Role, string Name, string Organisation, string Country,
    string? NameHeldFor, long NameRejected)
{
    public Person? ToPerson() =>
        Roles.TryParse(Role, out var role)
            ? new Person(Id, EventId, role.Value, Name, Organisation, Country, NameHeldFor is not null, NameHeldFor,
                NameHeldFor is not null && NameRejected == 1)
            : null;
}
