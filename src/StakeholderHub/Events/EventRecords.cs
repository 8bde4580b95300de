using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Board;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

public sealed record EventInput(string? Title, string? Template);

public sealed record EventLinks(string Facilitator, string Projector, string Join);

public sealed record CreatedEvent(long EventId, string Title, string JoinCode, EventLinks Links);

/// <param name="BadgeEmail">The separate, unticked choice that <paramref name="Email"/> may be used to issue the badge.</param>
public sealed record JoinInput(string? Code, string? Name, string? Organisation, string? Country, string? Email, string? RequestId, bool BadgeEmail = false);

public sealed record Joined(string Token, long EventId, Person Person, ParticipantLinks Links);

public sealed record ParticipantLinks(string Participant);

/// <summary>
/// Whom the facilitator invites: <paramref name="Role"/> "stakeholder" (or none) or "moderator"; either gets a
/// personal link.
/// </summary>
public sealed record InviteInput(string? Name, string? Organisation, string? Role = null)
{
    public static readonly string[] Roles = ["stakeholder", "moderator"];
}

public sealed record Invited(Person Person, string Link);

/// <summary>A person's link was given again (<c>person.link</c>, to the facilitator): <paramref name="Role"/> says whose.</summary>
public sealed record LinkRenewed(long PersonId, string Role);

public sealed record EventSummary(long EventId, string Title, string JoinCode);

public sealed record EventInfo(long Id, string Title, string JoinCode);

public sealed record Attendance(long Participants);

/// <summary>Everything a client needs to draw the event, consistent at <see cref="Version"/>.</summary>
public sealed record Snapshot(
    long Version,
    DateTimeOffset ServerTime,
    EventInfo Event,
    Person Me,
    EventAgenda Agenda,
    Attendance Attendance,
    IReadOnlyList<Person> People,
    StaffLinks? Links,
    Settings Settings,
    IReadOnlyList<Proposal> Proposals,
    IReadOnlyList<Member> Members,
    IReadOnlyList<Question> Questions,
    Screen Screen,
    StakeholderHub.Agenda.Projector Projector,
    Mine Mine,
    StakeholderHub.Practices.EventStatus Status,
    IReadOnlyList<StakeholderHub.Practices.Practice> Practices,
    StakeholderHub.Practices.Reflection? Reflection,
    IReadOnlyList<StakeholderHub.Badges.Progress> Progress,
    StakeholderHub.Badges.RuleView Rule,
    StakeholderHub.Polls.RoomActivity Activity,
    IReadOnlyList<StakeholderHub.Matchmaking.ProposalUpdate> HeldUpdates);

/// <summary>The links the facilitator hands out, relative to the server's address.</summary>
public sealed record StaffLinks(string Projector, string Join);

/// <summary>The answer to Sync: the changes since the client's version, or a snapshot when that is cheaper.</summary>
public sealed record SyncResult(string Mode, ChangeBatch? Batch, Snapshot? Snapshot);
