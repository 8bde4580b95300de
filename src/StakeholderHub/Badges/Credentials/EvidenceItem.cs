using System.Globalization;

namespace StakeholderHub.Badges.Credentials;

/// <summary>One recorded interaction that counts towards the badge.</summary>
/// <param name="Action">The machine name of what was done, e.g. <c>asked_question</c>.</param>
/// <param name="Narrative">The same in plain words, e.g. "Asked a question to 'Title'".</param>
/// <param name="At">When it was recorded (for <see cref="DayOnly"/> items, midnight UTC of that day).</param>
public sealed record EvidenceItem(string Action, string Narrative, DateTimeOffset At)
{
    /// <summary>Said to the day only: an anonymous question, whose time would match it to the question (docs/privacy.md).</summary>
    public bool DayOnly { get; init; }

    /// <summary>When, in the words of the credential's evidence description: "at" the second, or "on" the day.</summary>
    public string Recorded => DayOnly
        ? "on " + At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "at " + OpenBadgeCredential.Timestamp(At);
}
