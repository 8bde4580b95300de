namespace StakeholderHub.Matchmaking;

/// <summary>
/// A person's "my session" (docs/protocol.md, My session): the proposals they own or joined, each as they may see it.
/// It keeps answering after the session closes, until the person is erased or the event purged.
/// </summary>
public sealed record MySession(
    long EventId,
    string EventTitle,
    bool Closed,
    long PersonId,
    string Role,
    string? OwnerContact,
    IReadOnlyList<MySessionProposal> Proposals);

/// <summary>
/// One proposal on someone's my-session page. <see cref="Role"/>: <c>owner</c> or <c>member</c>. <see cref="Partners"/>:
/// for the owner, the joiners who agreed to share their contact with the owner; for a member, the other joiners who
/// agreed to share it with fellow partners, and only when the member agreed too (<see cref="SeesPartners"/>).
/// </summary>
public sealed record MySessionProposal(
    long ProposalId,
    string Title,
    string Status,
    string Role,
    SessionContact Owner,
    MyConsents? Mine,
    bool SeesPartners,
    IReadOnlyList<SessionContact> Partners,
    IReadOnlyList<ProposalUpdate> Updates);

/// <summary>Someone on a my-session page: the e-mail only where they agreed to show it to this reader.</summary>
public sealed record SessionContact(long PersonId, string Name, string Organisation, string Country, string? Intent, string? Note, string? Email);

/// <summary>The reader's own membership of a proposal: their intent and both consents.</summary>
public sealed record MyConsents(string Intent, bool ShareContact, bool SharePartners);

/// <summary>
/// An owner's update to the proposal's joiners. <see cref="Waiting"/>: the content filter held it, so only the owner
/// (waiting) and the facilitator (with <see cref="HeldFor"/>) see it until the facilitator approves it.
/// </summary>
public sealed record ProposalUpdate(long Id, long ProposalId, string Text, DateTimeOffset? StartsAt, DateTimeOffset CreatedAt, bool Waiting,
    string? HeldFor = null);

/// <summary>The proposal is no longer on the reader's page (they left, or it was held out of the room).</summary>
public sealed record MySessionProposalRemoved(long ProposalId);

/// <summary>A member changes or withdraws their consents: each is a yes or a no; the e-mail (optional) is the address to show.</summary>
public sealed record ConsentsInput(bool? ShareContact, bool? SharePartners, string? Email);

/// <summary>The address a proposal's owner shows the people who joined their proposals (null or empty: none).</summary>
public sealed record OwnerContactInput(string? Email);

/// <summary>An owner's update: its text, an optional date and time (for the calendar), and a request id for retries.</summary>
public sealed record ProposalUpdateInput(string? Text, DateTimeOffset? StartsAt, string? RequestId);
