using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>Who hears what: audiences as stored, the listener a connection is, and the SignalR groups.</summary>
public static class Audiences
{
    public static string Name(Audience audience) => audience.Kind switch
    {
        AudienceKind.Facilitator => "facilitator",
        AudienceKind.Moderation => "moderation",
        AudienceKind.Person => "person",
        _ => "everyone",
    };

    public static long? Recipient(Audience audience) => audience.Kind == AudienceKind.Person ? audience.PersonId : null;

    public static Audience Parse(string name, long? recipient) => name switch
    {
        "facilitator" => Audience.Facilitator,
        "moderation" => Audience.Moderation,
        "person" when recipient is { } personId => Audience.Person(personId),
        _ => Audience.Everyone,
    };

    public static bool MaySee(Listener listener, Audience audience) => audience.Kind switch
    {
        AudienceKind.Everyone => true,
        AudienceKind.Facilitator => listener.Role == Role.Facilitator,
        AudienceKind.Moderation => listener.Role is Role.Facilitator or Role.Moderator,
        AudienceKind.Person => listener.PersonId == audience.PersonId,
        _ => false,
    };

    /// <summary>The group a person's connections are in: the facilitator's, the moderators', or everyone's.</summary>
    public static string Group(long eventId, Role role) => $"event:{eventId}:{GroupOf(role)}";

    /// <summary>Whom a group's connections listen as: each group gets one batch, what this role may see.</summary>
    public static readonly Role[] GroupRoles = [Role.Participant, Role.Facilitator, Role.Moderator];

    /// <summary>The index in <see cref="GroupRoles"/> of the group a role's connections are in.</summary>
    public static int GroupIndex(Role role) => role switch
    {
        Role.Facilitator => 1,
        Role.Moderator => 2,
        _ => 0,
    };

    private static string GroupOf(Role role) => role switch
    {
        Role.Facilitator => "facilitator",
        Role.Moderator => "moderator",
        _ => "everyone",
    };
}

/// <summary>Someone receiving changes: what they may see follows from who they are.</summary>
public readonly record struct Listener(long PersonId, Role Role)
{
    public static Listener Of(Person person) => new(person.Id, person.Role);
}
