using StakeholderHub.Badges;
using StakeholderHub.Practices;

namespace StakeholderHub.Privacy;

/// <summary>Everything the hub holds about one person: the "My data" download (docs/protocol.md).</summary>
public sealed record MyData(
    MyProfile Profile,
    IReadOnlyList<MyQuestion> Questions,
    IReadOnlyList<long> UpvotedProposals,
    IReadOnlyList<long> UpvotedQuestions,
    IReadOnlyList<MyMembership> Memberships,
    IReadOnlyList<MyPractice> Practices,
    Reflection? Reflection,
    IReadOnlyList<MyEvidence> Evidence,
    Progress? Progress,
    MyBadge? Badge,
    string? OwnerContact = null);

public sealed record MyProfile(long Id, string Role, string Name, string Organisation, string Country, string? Email, bool BadgeEmailConsent,
    DateTimeOffset JoinedAt);

public sealed record MyQuestion(long Id, string Text, bool Anonymous, string Status, long Upvotes, DateTimeOffset CreatedAt);

public sealed record MyMembership(long ProposalId, string? ProposalTitle, string Intent, string Note, bool ShareContact, string? Email,
    DateTimeOffset JoinedAt, bool SharePartners = false, string? PartnersEmail = null);

public sealed record MyPractice(long Id, string Title, string Text, bool Hidden, DateTimeOffset CreatedAt);

public sealed record MyEvidence(string Action, string? SubjectKind, long? SubjectId, string? Detail, DateTimeOffset At);

/// <summary>The person's badge; <see cref="Email"/> only where they agreed to be contacted with it (otherwise only its hash is kept).</summary>
public sealed record MyBadge(BadgeSummary Summary, string? Email, bool ContactConsent);

/// <summary>The event's retention and controller text, as the facilitator sees and sets them (docs/protocol.md, Privacy).</summary>
public sealed record PrivacySettings(int RetentionDays, string? Controller, DateTimeOffset? ClosedAt, DateTimeOffset? PurgeAt, DateTimeOffset? PurgedAt);

public sealed record PrivacySettingsInput(int? RetentionDays, string? Controller);

/// <summary>What a purge did: whether it purged (false: the event was purged already), how many people it erased, and its version.</summary>
public sealed record PurgeReport(bool Purged, int Erased, long Version);

/// <summary>"Yes, purge it": a purge cannot be undone, so the request says so.</summary>
public sealed record PurgeInput(bool Confirm);

/// <summary>A person's corrected profile: checked as at join.</summary>
public sealed record ProfileInput(string? Name, string? Organisation, string? Country);

/// <summary>The join page's privacy notice: who the controller is (null: the page's default) and the event's retention (null: no event named).</summary>
public sealed record PrivacyNotice(string? Controller, int? RetentionDays);
