using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>Who hears what: audiences as stored, the listener a connection is, and the SignalR groups.</summary>
public static class Audiences
{
    public static string Name(Audience audience) => audience.Kind switch
    {
        AudienceKind.Facilitator => "facilitator",
        AudienceKind.Person => "person",
        _ => "everyone",
    };

    public static long? Recipient(Audience audience) => audience.Kind == AudienceKind.Person ? audience.PersonId : null;

    public static Audience Parse(string name, long? recipient) => name switch
    {
        "facilitator" => Audience.Facilitator,
        "person" when recipient is { } personId => Audience.Person(personId),
        _ => Audience.Everyone,
    };

    public static bool MaySee(Listener listener, Audience audience) => audience.Kind switch
    {
        AudienceKind.Everyone => true,
        AudienceKind.Facilitator => listener.Role == Role.Facilitator,
        AudienceKind.Person => listener.PersonId == audience.PersonId,
        _ => false,
    };

    /// <summary>The group a person's connections are in: the facilitator's, or everyone's.</summary>
    public static string Group(long eventId, Role role) => $"event:{eventId}:{(role == Role.Facilitator ? "facilitator" : "everyone")}";

    public static string Group(long eventId, bool staff) => Group(eventId, staff ? Role.Facilitator : Role.Participant);
}

/// <summary>Someone receiving changes: what they may see follows from who they are.</summary>
public readonly record struct Listener(long PersonId, Role Role)
{
    public static Listener Of(Person person) => new(person.Id, person.Role);
}
