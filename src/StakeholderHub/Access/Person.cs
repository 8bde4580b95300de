using System.Diagnostics.CodeAnalysis;

namespace StakeholderHub.Access;

public enum Role
{
    Facilitator,
    Stakeholder,
    Participant,
    Projector,

    /// <summary>Made by the facilitator with a personal link: moderates the Q&A and the practice wall, chooses the question on the screen.</summary>
    Moderator,
}

/// <summary>
/// Someone with a token for one event; role and event come from the store, never from the client.
/// <see cref="NameWaiting"/>: the content filter held the name or organisation given at check-in, so the room sees a
/// placeholder (Events/ShownNames.cs); <see cref="NameHeldFor"/> (why) and <see cref="NameRejected"/> are the
/// facilitator's to see. <see cref="LinkGeneration"/>: which of the person's links is valid now (Access/TokenSigner.cs);
/// never sent.
/// </summary>
public sealed record Person(long Id, long EventId, Role Role, string Name, string Organisation, string Country,
    bool NameWaiting = false, string? NameHeldFor = null, bool NameRejected = false,
    [property: System.Text.Json.Serialization.JsonIgnore] int LinkGeneration = 0)
{
    /// <summary>What the person sees of themselves: their name, waiting or not, never why.</summary>
    public Person Self() => this with { NameHeldFor = null, NameRejected = false };
}

public static class Roles
{
    public static string Name(Role role) => role switch
    {
        Role.Facilitator => "facilitator",
        Role.Stakeholder => "stakeholder",
        Role.Participant => "participant",
        Role.Projector => "projector",
        Role.Moderator => "moderator",
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
            "moderator" => Role.Moderator,
            _ => null,
        };
        return role is not null;
    }
}
