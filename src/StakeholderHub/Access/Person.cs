using System.Diagnostics.CodeAnalysis;

namespace StakeholderHub.Access;

public enum Role
{
    Facilitator,
    Stakeholder,
    Participant,
    Projector,
}

/// <summary>Someone with a token for one event; role and event come from the store, never from the client.</summary>
public sealed record Person(long Id, long EventId, Role Role, string Name, string Organisation, string Country);

public static class Roles
{
    public static string Name(Role role) => role switch
    {
        Role.Facilitator => "facilitator",
        Role.Stakeholder => "stakeholder",
        Role.Participant => "participant",
        Role.Projector => "projector",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out Role? role)
    {
        role = name switch
        {
            "facilitator" => Role.Facilitator,
            "stakeholder" => Role.Stakeholder,
            "participant" => Role.Participant,
            "projector" => Role.Projector,
            _ => null,
        };
        return role is not null;
    }
}
