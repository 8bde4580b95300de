using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Badges;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Events;

/// <summary>Reads an event's state for one person: a full snapshot, or what changed since a version.</summary>
public sealed class SessionState(Database database, TokenSigner tokens, TimeProvider clock)
{
    /// <summary>Past this many missed entries a snapshot is cheaper than replaying them.</summary>
    public const int MaxReplay = 500;

    public Snapshot Snapshot(Person caller)
    {
        using var connection = database.Open();
        // One read transaction: every read in it sees the same committed state.
        using var transaction = database.BeginRead(connection);
        return Read(connection, transaction, caller);
    }

    public SyncResult Since(Person caller, long since)
    {
        if (since < 0)
        {
            Refusal.Invalid("The version to sync from cannot be negative.");
        }

        using var connection = database.Open();
        using var transaction = database.BeginRead(connection);
        var version = EventStore.Version(connection, transaction, caller.EventId);
        if (since == 0 || since > version || ChangeLog.CountSince(connection, transaction, caller.EventId, since) > MaxReplay)
        {
            return new SyncResult("snapshot", null, Read(connection, transaction, caller));
        }

        var listener = Listener.Of(caller);
        var changes = ChangeLog.Since(connection, transaction, caller.EventId, since)
            .Where(change => Audiences.MaySee(listener, change.Audience))
            .Select(change => change.Change)
            .ToList();
        return new SyncResult("changes", new ChangeBatch(caller.EventId, since, version, clock.GetUtcNow(), changes), null);
    }

    private Snapshot Read(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Person caller)
    {
        var eventId = caller.EventId;
        var info = EventStore.Find(connection, transaction, eventId)!;
        var staff = caller.Role == Role.Facilitator;
        var rule = BadgeRule.Load(connection, transaction, eventId);
        return new Snapshot(
            EventStore.Version(connection, transaction, eventId),
            clock.GetUtcNow(),
            info,
            caller,
            AgendaStore.Load(connection, transaction, eventId),
            new Attendance(EventStore.CountParticipants(connection, transaction, eventId)),
            staff ? EventStore.People(connection, transaction, eventId) : [],
            staff ? StaffLinks(connection, transaction, info) : null,
            QuestionStore.Settings(connection, transaction, eventId),
            ProposalStore.Board(connection, transaction, eventId),
            staff ? ProposalStore.Members(connection, transaction, eventId, ownerId: null)
                : caller.Role == Role.Stakeholder ? ProposalStore.Members(connection, transaction, eventId, ownerId: caller.Id) : [],
            QuestionStore.Visible(connection, transaction, eventId, caller.Id, staff),
            QuestionStore.Screen(connection, transaction, eventId),
            MineStore.Load(connection, transaction, caller.Id),
            ReflectionStore.Status(connection, transaction, eventId),
            PracticeStore.Visible(connection, transaction, eventId, staff),
            caller.Role == Role.Participant ? ReflectionStore.Find(connection, transaction, caller.Id) : null,
            staff ? ProgressStore.All(connection, transaction, rule, eventId)
                : caller.Role == Role.Participant ? [ProgressStore.Load(connection, transaction, rule, eventId, caller.Id)] : [],
            rule.View());
    }

    private StaffLinks StaffLinks(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, EventInfo info)
    {
        var links = new Links("");
        var projector = EventStore.FirstWithRole(connection, transaction, info.Id, Role.Projector)!;
        return new StaffLinks(links.Projector(tokens.Issue(projector.Id)), links.Join(info.JoinCode));
    }
}
