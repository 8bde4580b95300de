using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Badges;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Polls;
using StakeholderHub.Practices;
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
        // One read transaction: every read in it sees the same committed state.
        using var sql = database.Snapshot();
        return Read(sql, caller);
    }

    public SyncResult Since(Person caller, long since)
    {
        if (since < 0)
        {
            Refusal.Invalid("The version to sync from cannot be negative.");
        }

        using var sql = database.Snapshot();
        var version = EventStore.Version(sql, caller.EventId);
        if (since == 0 || since > version || ChangeLog.CountSince(sql, caller.EventId, since) > MaxReplay)
        {
            return new SyncResult("snapshot", null, Read(sql, caller));
        }

        var listener = Listener.Of(caller);
        var changes = ChangeLog.Since(sql, caller.EventId, since)
            .Where(change => Audiences.MaySee(listener, change.Audience))
            .Select(change => change.Change)
            .ToList();
        return new SyncResult("changes", new ChangeBatch(caller.EventId, since, version, clock.GetUtcNow(), changes), null);
    }

    private Snapshot Read(IStoreReader sql, Person caller)
    {
        var eventId = caller.EventId;
        var info = EventStore.Find(sql, eventId)!;
        var staff = caller.Role == Role.Facilitator;
        // The moderators see what moderating the Q&A and the practice wall needs (every question, every practice and
        // why the filter held it), and of the rest what a stakeholder sees without being one: no people, no links,
        // no members' contacts, no badge progress (docs/protocol.md, "Roles").
        var moderation = staff || caller.Role == Role.Moderator;
        // The caller as the store has them now (the directory keeps who they are, not whether their name is held).
        caller = EventStore.FindPerson(sql, caller.Id)?.Self() ?? caller;
        var rule = BadgeRuleStore.Load(sql, eventId);
        return new Snapshot(
            EventStore.Version(sql, eventId),
            clock.GetUtcNow(),
            info,
            caller,
            AgendaStore.Load(sql, eventId),
            new Attendance(EventStore.CountParticipants(sql, eventId)),
            staff ? EventStore.People(sql, eventId) : [],
            staff ? StaffLinks(sql, info) : null,
            QuestionStore.Settings(sql, eventId),
            ProposalStore.Board(sql, eventId, caller.Id, staff),
            staff ? ProposalStore.Members(sql, eventId, ownerId: null)
                : caller.Role == Role.Stakeholder ? ProposalStore.Members(sql, eventId, ownerId: caller.Id) : [],
            QuestionStore.Visible(sql, eventId, caller.Id, moderation),
            QuestionStore.Screen(sql, eventId),
            PitchStore.Projector(sql, eventId),
            MineStore.Load(sql, caller.Id),
            ReflectionStore.Status(sql, eventId),
            PracticeStore.Visible(sql, eventId, moderation, caller.Id),
            caller.Role == Role.Participant ? ReflectionStore.Find(sql, caller.Id) : null,
            staff ? ProgressStore.All(sql, rule, eventId, released: true)
                : caller.Role == Role.Participant ? [ProgressStore.Load(sql, rule, eventId, caller.Id)] : [],
            rule.View(),
            RoomActivity.Read(sql, caller),
            staff ? Matchmaking.MatchmakingStore.Held(sql, eventId).Select(u => u.View(staff: true)).ToList() : []);
    }

    private StaffLinks StaffLinks(IStoreReader sql, EventInfo info)
    {
        var links = new Links("");
        var projector = EventStore.FirstWithRole(sql, info.Id, Role.Projector)!;
        return new StaffLinks(links.Projector(tokens.Issue(projector)), links.Join(info.JoinCode));
    }
}
