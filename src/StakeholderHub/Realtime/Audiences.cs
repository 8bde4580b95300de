using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>Maps audiences to their stored names and to the SignalR groups that hear them.</summary>
public static class Audiences
{
    public static string Name(Audience audience) => audience switch
    {
        Audience.Facilitator => "facilitator",
        _ => "everyone",
    };

    public static Audience Parse(string name) => name == "facilitator" ? Audience.Facilitator : Audience.Everyone;

    /// <summary>The audience a person's connections listen as: the facilitator hears everything.</summary>
    public static Audience Of(Role role) => role == Role.Facilitator ? Audience.Facilitator : Audience.Everyone;

    public static bool MaySee(Audience listener, Audience change) =>
        change == Audience.Everyone || listener == Audience.Facilitator;

    public static string Group(long eventId, Audience listener) => $"event:{eventId}:{Name(listener)}";

    public static readonly Audience[] Listeners = [Audience.Everyone, Audience.Facilitator];
}
