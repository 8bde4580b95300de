namespace StakeholderHub.Badges;

/// <summary>How far one participant is: each step of the event's rule, done or not, and their badge once issued.</summary>
public sealed record Progress(long PersonId, IReadOnlyList<StepProgress> Steps, bool Eligible, BadgeSummary? Badge);

public sealed record StepProgress(string Key, int Count, int Required, bool Done);

/// <summary>An issued badge as its holder and the facilitator see it.</summary>
public sealed record BadgeSummary(string Id, string Url, DateTimeOffset IssuedAt, bool Revoked);

/// <param name="Contact">The separate, unticked choice to be contacted with this address: without it only its salted hash is kept.</param>
public sealed record ClaimInput(string? Email, bool Contact = false);

/// <summary>The answer to a claim: the badge (already issued or just now).</summary>
public sealed record Claimed(long Version, BadgeSummary Badge);

/// <summary>The answer to "issue to every eligible participant".</summary>
public sealed record IssueReport(long Version, int Issued, int AlreadyIssued, IReadOnlyList<long> EligibleWithoutEmail);

/// <summary>New thresholds for the steps of the event's rule, by step key; steps not named keep theirs.</summary>
public sealed record BadgeRuleInput(IReadOnlyDictionary<string, int>? Thresholds);
