using StakeholderHub.Access;

namespace StakeholderHub.Events;

/// <summary>
/// The links people open. Secret tokens travel in the fragment (<c>#token=</c>), which browsers never send to a
/// server, so they stay out of logs; the page keeps the token and clears the address bar.
/// </summary>
public sealed class Links(string baseUrl)
{
    private readonly string _base = baseUrl.TrimEnd('/');

    public static Links For(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}");

    public EventLinks Event(string joinCode, string facilitatorToken, string projectorToken) =>
        new(Facilitator(facilitatorToken), Projector(projectorToken), Join(joinCode));

    public string Projector(string token) => $"{_base}/projector#token={token}";

    public string Join(string joinCode) => $"{_base}/join?code={Uri.EscapeDataString(joinCode)}";

    public string Participant(string token) => $"{_base}/participant#token={token}";

    public string Stakeholder(string token) => $"{_base}/stakeholder#token={token}";

    public string Facilitator(string token) => $"{_base}/facilitator#token={token}";

    public string Moderator(string token) => $"{_base}/moderator#token={token}";

    /// <summary>The page a person of this role opens with their link.</summary>
    public string Of(Role role, string token) => role switch
    {
        Role.Facilitator => Facilitator(token),
        Role.Projector => Projector(token),
        Role.Stakeholder => Stakeholder(token),
        Role.Moderator => Moderator(token),
        _ => Participant(token),
    };

    /// <summary>The organiser console, with a secret (an invitation) in the fragment.</summary>
    public string Organiser(string fragment) => $"{_base}/organiser#{fragment}";
}
