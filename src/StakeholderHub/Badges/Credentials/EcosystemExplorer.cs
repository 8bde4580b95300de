namespace StakeholderHub.Badges.Credentials;

/// <summary>What the EcoSystem Explorer badge is, in words: shared by the OB 3.0 Achievement and the OB 2.0 BadgeClass.</summary>
public static class EcosystemExplorer
{
    public const string Name = "EcoSystem Explorer";

    public const string DefaultCriteriaNarrative =
        "Check in to the live session, join at least one cooperation proposal, ask a question or share a good "
        + "practice, and submit a reflection.";

    public const string ImageCaption = "The EcoSystem Explorer badge";

    public const string AlignmentFramework = "ETS Competence Model for Youth Workers to Work Internationally";

    /// <summary>OB 3.0 allows an extension value for <c>targetType</c>; the ETS areas are competences in their own framework.</summary>
    public const string AlignmentTargetType = "ext:ETSCompetence";

    public static readonly IReadOnlyList<string> Tags = ["learning ecosystems", "networking", "youth work", "Cities of Learning"];

    /// <summary>The three ETS competence areas the badge is aligned with.</summary>
    public static readonly IReadOnlyList<EtsArea> Alignments =
    [
        new("Networking and advocating", new Uri("https://satool.salto-youth.net/article/23"),
            "Developing and managing partnerships with other relevant actors, and advocating for the value of youth work."),
        new("Communicating meaningfully", new Uri("https://satool.salto-youth.net/article/21"),
            "Building positive relationships with individuals and groups, and communicating with clarity in a diverse setting."),
        new("Designing programmes", new Uri("https://satool.salto-youth.net/article/18"),
            "Developing and designing programmes that apply non-formal learning values and principles."),
    ];

    public static string Description(string eventName) =>
        $"Awarded to a participant who actively explored the local learning ecosystem during the live stakeholder "
        + $"session \"{eventName}\" of the Cities of Learning network: they met the people behind local cooperation "
        + "proposals, took part in the conversation and reflected on what they learned.";

    /// <summary>Plain words for an evidence action; unknown actions read as their name with spaces.</summary>
    public static string ActionName(string action) => action switch
    {
        "checked_in" => "Checked in to the live session",
        "joined_proposal" => "Joined a cooperation proposal",
        "upvoted_proposal" => "Supported a cooperation proposal",
        "asked_question" => "Asked a question",
        "shared_practice" => "Shared a good practice",
        "submitted_reflection" => "Submitted a reflection",
        _ => Humanize(action),
    };

    private static string Humanize(string action)
    {
        var words = action.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? "Took part in the session" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}

/// <summary>One competence area of the ETS competence model.</summary>
public sealed record EtsArea(string Name, Uri Url, string Description);
