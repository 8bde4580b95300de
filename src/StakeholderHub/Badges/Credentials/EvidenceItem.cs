namespace StakeholderHub.Badges.Credentials;

/// <summary>One recorded interaction that counts towards the badge.</summary>
/// <param name="Action">The machine name of what was done, e.g. <c>asked_question</c>.</param>
/// <param name="Narrative">The same in plain words, e.g. "Asked a question to 'Title'".</param>
/// <param name="At">When it was recorded.</param>
public sealed record EvidenceItem(string Action, string Narrative, DateTimeOffset At);
