namespace StakeholderHub.Board;

/// <summary>
/// A proposal as one receiver sees it on the board. <see cref="Waiting"/>: the content filter held it, so only its
/// owner (who sees it waiting) and the facilitator see it at all; <see cref="HeldFor"/> (why) and
/// <see cref="Rejected"/> (the facilitator said no) are in the facilitator's view alone (docs/protocol.md, Board).
/// </summary>
public sealed record Proposal(
    long Id,
    long OwnerId,
    string OwnerName,
    string OwnerOrganisation,
    string Title,
    string Summary,
    string PartnersSought,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Tags,
    long? AgendaItemId,
    string Status,
    long Upvotes,
    long Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Waiting = false,
    string? HeldFor = null,
    bool Rejected = false)
{
    /// <summary>What the owner sees of their own proposal: waiting or not, never why.</summary>
    public Proposal Owner() => this with { HeldFor = null, Rejected = false };
}

/// <summary>A proposal that left the room (the filter held an edit of it): the receivers drop it.</summary>
public sealed record ProposalRemoved(long Id);

public sealed record ProposalCounts(long Id, long Upvotes, long Members);

public sealed record ProposalState(long Id, long OwnerId, string Status, string Title, string? HeldReason)
{
    public bool Held => HeldReason is not null;
}

/// <summary>Someone who joined a proposal, as its owner and the facilitator see them.</summary>
public sealed record Member(
    long ProposalId,
    long PersonId,
    string Name,
    string Organisation,
    string Country,
    string Intent,
    string Note,
    bool ShareContact,
    string? Email,
    DateTimeOffset JoinedAt,
    bool Active);

/// <summary>What a stakeholder (or the facilitator, for one) sends to create or edit a proposal.</summary>
public sealed record ProposalInput(
    string? Title,
    string? Summary,
    string? PartnersSought,
    string?[]? Countries,
    string?[]? Themes,
    string?[]? Tags,
    long? AgendaItemId,
    long? OwnerId,
    string? RequestId)
{
    public const int MaxCountries = 60;
    public const int MaxTags = 10;

    public CheckedProposal Checked() => new(
        Check.Line(Title, "title", 1, 120),
        Check.Text(Summary, "summary", 0, 2000),
        Check.Text(PartnersSought, "description of the partners sought", 0, 500),
        Check.List(Countries, "partner countries", MaxCountries, Events.Countries.Check),
        Check.List(Themes, "themes", ProposalThemes.All.Length, ProposalThemes.Check),
        Check.List(Tags, "tags", MaxTags, tag => Check.Line(tag, "tag", 1, 30)),
        AgendaItemId,
        Check.Line(RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null);
}

public sealed record CheckedProposal(
    string Title,
    string Summary,
    string PartnersSought,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Tags,
    long? AgendaItemId,
    string? RequestId);

public static class ProposalThemes
{
    public static readonly string[] All = ["education", "employment", "inclusion", "recognition", "digital", "youth-participation"];

    public static string Check(string? theme) =>
        All.Contains(theme) ? theme! : throw new Refusal(RefusalCode.Invalid, $"The themes must be among: {string.Join(", ", All)}.");
}

public static class ProposalStatuses
{
    public static readonly string[] All = ["open", "shortlisted", "closed"];
}

/// <summary>
/// What a participant or stakeholder sends to join a proposal. <see cref="SharePartners"/>: the separate consent to
/// show their contact to the proposal's other partners (docs/privacy.md, "Fellow partners"); absent means no.
/// </summary>
public sealed record MembershipInput(string? Intent, string? Note, bool? ShareContact, string? Email, bool? SharePartners = null)
{
    public static readonly string[] Intents = ["partner", "co-applicant", "observer"];

    public CheckedMembership Checked()
    {
        if (!Intents.Contains(Intent))
        {
            Refusal.Invalid($"The intent must be one of: {string.Join(", ", Intents)}.");
        }

        var share = ShareContact ?? throw new Refusal(
            RefusalCode.Invalid, "Say whether the owner may see your contact details (shareContact: true or false).");
        return new CheckedMembership(Intent!, Check.Text(Note, "note", 0, 500), share, Check.Email(Email), SharePartners ?? false);
    }
}

public sealed record CheckedMembership(string Intent, string Note, bool ShareContact, string? Email, bool SharePartners = false);

/// <summary>One person's own upvotes, memberships and questions: what their buttons show as pressed.</summary>
public sealed record Mine(
    IReadOnlyList<long> UpvotedProposals,
    IReadOnlyList<Membership> Memberships,
    IReadOnlyList<long> UpvotedQuestions,
    IReadOnlyList<long> AskedQuestions);

public sealed record Membership(long ProposalId, string Intent, string Note, bool ShareContact, bool SharePartners = false);
