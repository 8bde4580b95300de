using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Badges;
using StakeholderHub.ContentFilter;
using StakeholderHub.Polls;
using StakeholderHub.Practices;
using StakeholderHub.Reactions;
using StakeholderHub.Board;
using StakeholderHub.Events;
using StakeholderHub.Questions;

namespace StakeholderHub.Realtime;

/// <summary>
/// The one hub. Each method declares the roles that may call it (<see cref="RoleFilter"/> checks them before anything
/// runs; who may call what is tabled in docs/protocol.md, "Roles": the moderator has the Q&A, the practice wall and
/// the question on the screen, nothing else); it finds the caller, hands the call to a feature service and returns
/// its answer; the services check arguments and the rules of their feature. Method names are the wire contract (docs/protocol.md).
/// </summary>
[Authorize(AuthenticationSchemes = SessionTokenAuthentication.SchemeName)]
public sealed class SessionHub(
    PeopleDirectory people,
    IConnectionRegistry connections,
    SessionState state,
    AgendaService agenda,
    ProposalService proposals,
    Matchmaking.MatchmakingService matchmaking,
    QuestionService questions,
    ParticipationService participation,
    BadgeService badges,
    PollService polls,
    FilterService filter,
    ReactionCounter reactions,
    IOptions<HubOptions> options,
    TimeProvider clock)
    : Hub<ISessionClient>
{
    public override async Task OnConnectedAsync()
    {
        var caller = await Caller();
        Context.Items[typeof(Person)] = caller;
        await connections.Add(caller, Context.ConnectionId,
            () => Groups.AddToGroupAsync(Context.ConnectionId, Audiences.Group(caller.EventId, caller.Role)));
        await people.Opened(caller, Context);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // As the person connected: they may be gone since (erased) or their link replaced, and the connection goes all the same.
        if (Context.Items.TryGetValue(typeof(Person), out var connected) && connected is Person person)
        {
            people.Closed(person.Id, Context.ConnectionId);
            await connections.Remove(person, Context.ConnectionId);
        }

        await base.OnDisconnectedAsync(exception);
    }

    [AllowEveryone]
    public async Task<SyncResult> Sync(long since) => state.Since(await Caller(), since);

    [AllowEveryone]
    public ClockReading Clock() => new(clock.GetUtcNow());

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> AddAgendaItem(AgendaItemInput? item) => await agenda.Add(await Caller(), item);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> EditAgendaItem(long id, AgendaItemInput? item) => await agenda.Edit(await Caller(), id, item);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> RemoveAgendaItem(long id) => await agenda.Remove(await Caller(), id);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> ReorderAgenda(long[]? ids) => await agenda.Reorder(await Caller(), ids);

    [Allow("run the agenda", Role.Facilitator)]
    public async Task<Ack> StartAgendaItem(long id) => await agenda.Start(await Caller(), id);

    [Allow("run the agenda", Role.Facilitator)]
    public async Task<Ack> NextAgendaItem() => await agenda.Next(await Caller());

    [Allow("run the agenda", Role.Facilitator)]
    public async Task<Ack> ExtendAgendaItem(int minutes) => await agenda.Extend(await Caller(), minutes);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> AddPitch(long agendaItemId, PitchInput? pitch) => await agenda.AddPitch(await Caller(), agendaItemId, pitch);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> EditPitch(long id, PitchInput? pitch) => await agenda.EditPitch(await Caller(), id, pitch);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> RemovePitch(long id) => await agenda.RemovePitch(await Caller(), id);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> ReorderPitches(long agendaItemId, long[]? ids) => await agenda.ReorderPitches(await Caller(), agendaItemId, ids);

    [Allow("run the agenda", Role.Facilitator)]
    public async Task<Ack> StartPitch(long id) => await agenda.StartPitch(await Caller(), id);

    [Allow("run the agenda", Role.Facilitator)]
    public async Task<Ack> ExtendPitch(int minutes) => await agenda.ExtendPitch(await Caller(), minutes);

    [Allow("change the agenda", Role.Facilitator)]
    public async Task<Ack> SetSchedule(ScheduleInput? schedule) => await agenda.SetSchedule(await Caller(), schedule);

    [Allow("choose what the projector shows", Role.Facilitator)]
    public async Task<Ack> SetProjector(ProjectorInput? projector) => await agenda.SetProjector(await Caller(), projector);

    [Allow("pin the question on the screen", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> PinScreen(bool pinned) => await agenda.PinScreen(await Caller(), pinned);

    [Allow("create proposals", Role.Stakeholder, Role.Facilitator)]
    public async Task<Ack> CreateProposal(ProposalInput? proposal) => await proposals.Create(await Caller(), proposal);

    [Allow("edit proposals", Role.Stakeholder, Role.Facilitator)]
    public async Task<Ack> EditProposal(long id, ProposalInput? proposal) => await proposals.Edit(await Caller(), id, proposal);

    [Allow("change the status of proposals", Role.Stakeholder, Role.Facilitator)]
    public async Task<Ack> SetProposalStatus(long id, string? status) => await proposals.SetStatus(await Caller(), id, status);

    [Allow("moderate proposals", Role.Facilitator)]
    public async Task<Ack> ApproveProposal(long id) => await proposals.Approve(await Caller(), id);

    [Allow("moderate proposals", Role.Facilitator)]
    public async Task<Ack> RejectProposal(long id) => await proposals.Reject(await Caller(), id);

    [Allow("upvote proposals", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> UpvoteProposal(long id) => await proposals.Upvote(await Caller(), id);

    [Allow("upvote proposals", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> WithdrawProposalUpvote(long id) => await proposals.Withdraw(await Caller(), id);

    [Allow("join proposals", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> JoinProposal(long id, MembershipInput? membership) => await proposals.Join(await Caller(), id, membership);

    [Allow("join proposals", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> LeaveProposal(long id) => await proposals.Leave(await Caller(), id);

    [Allow("change your consents", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> SetMembershipConsents(long id, Matchmaking.ConsentsInput? consents) => await matchmaking.SetConsents(await Caller(), id, consents);

    [Allow("share a contact with your proposals' joiners", Role.Stakeholder)]
    public async Task<Ack> SetOwnerContact(Matchmaking.OwnerContactInput? contact) => await matchmaking.SetOwnerContact(await Caller(), contact);

    [Allow("post updates to a proposal's joiners", Role.Stakeholder)]
    public async Task<Ack> PostProposalUpdate(long id, Matchmaking.ProposalUpdateInput? update) => await matchmaking.PostUpdate(await Caller(), id, update);

    [Allow("moderate proposal updates", Role.Facilitator)]
    public async Task<Ack> ApproveProposalUpdate(long id) => await matchmaking.ApproveUpdate(await Caller(), id);

    [Allow("moderate proposal updates", Role.Facilitator)]
    public async Task<Ack> RejectProposalUpdate(long id) => await matchmaking.RejectUpdate(await Caller(), id);

    [Allow("ask questions", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> AskQuestion(QuestionInput? question) => await questions.Ask(await Caller(), question);

    [Allow("upvote questions", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> UpvoteQuestion(long id) => await questions.Upvote(await Caller(), id);

    [Allow("upvote questions", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> WithdrawQuestionUpvote(long id) => await questions.Withdraw(await Caller(), id);

    [Allow("moderate questions", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> PublishQuestion(long id) => await questions.Publish(await Caller(), id);

    [Allow("moderate questions", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> DismissQuestion(long id) => await questions.Dismiss(await Caller(), id);

    [Allow("moderate questions", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> RestoreQuestion(long id) => await questions.Restore(await Caller(), id);

    [Allow("choose the question on the screen", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> ShowQuestion(long? id) => await questions.Show(await Caller(), id);

    [Allow("answer questions", Role.Stakeholder, Role.Facilitator, Role.Moderator)]
    public async Task<Ack> AnswerQuestion(long id, AnswerInput? answer) => await questions.Answer(await Caller(), id, answer);

    [Allow("change moderation", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> SetModeration(bool on) => await questions.SetModeration(await Caller(), on);

    [Allow("share practices", Role.Participant)]
    public async Task<Ack> SharePractice(PracticeInput? practice) => await participation.SharePractice(await Caller(), practice);

    [Allow("hide practices", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> HidePractice(long id) => await participation.SetPracticeHidden(await Caller(), id, hidden: true);

    [Allow("show practices", Role.Facilitator, Role.Moderator)]
    public async Task<Ack> ShowPractice(long id) => await participation.SetPracticeHidden(await Caller(), id, hidden: false);

    [Allow("write a reflection", Role.Participant)]
    public async Task<Ack> SaveReflection(ReflectionInput? reflection) => await participation.SaveReflection(await Caller(), reflection);

    [Allow("close the event", Role.Facilitator)]
    public async Task<Ack> CloseEvent() => await participation.SetClosed(await Caller(), closed: true);

    [Allow("reopen the event", Role.Facilitator)]
    public async Task<Ack> ReopenEvent() => await participation.SetClosed(await Caller(), closed: false);

    [Allow("change the badge rule", Role.Facilitator)]
    public async Task<Ack> SetBadgeRule(BadgeRuleInput? rule) => await badges.SetRule(await Caller(), rule);

    [Allow("claim the badge", Role.Participant)]
    public async Task<Claimed> ClaimBadge(ClaimInput? claim) => await badges.Claim(await Caller(), claim, PublicBase());

    [Allow("issue badges", Role.Facilitator)]
    public async Task<IssueReport> IssueBadges() => await badges.IssueToAllEligible(await Caller(), PublicBase());

    [Allow("revoke badges", Role.Facilitator)]
    public async Task<Ack> RevokeBadge(string? id, string? reason) => await badges.Revoke(await Caller(), id, reason);

    [Allow("make polls", Role.Facilitator, Role.Stakeholder)]
    public async Task<Ack> CreatePoll(PollInput? poll) => await polls.Create(await Caller(), poll);

    [Allow("make polls", Role.Facilitator, Role.Stakeholder)]
    public async Task<Ack> EditPoll(long id, PollInput? poll) => await polls.Edit(await Caller(), id, poll);

    [Allow("open polls", Role.Facilitator, Role.Stakeholder)]
    public async Task<Ack> OpenPoll(long id) => await polls.Open(await Caller(), id);

    [Allow("close polls", Role.Facilitator, Role.Stakeholder)]
    public async Task<Ack> ClosePoll(long id) => await polls.Close(await Caller(), id);

    [Allow("choose the poll on the screen", Role.Facilitator)]
    public async Task<Ack> ShowPoll(long? id) => await polls.Show(await Caller(), id);

    [Allow("answer polls", Role.Participant, Role.Stakeholder)]
    public async Task<Ack> VotePoll(long id, PollVoteInput? vote) => await polls.Vote(await Caller(), id, vote);

    [Allow("hide word-cloud answers", Role.Facilitator)]
    public async Task<Ack> HidePollWord(long id, string? word) => await polls.SetWordHidden(await Caller(), id, word, hidden: true);

    [Allow("show word-cloud answers", Role.Facilitator)]
    public async Task<Ack> ShowPollWord(long id, string? word) => await polls.SetWordHidden(await Caller(), id, word, hidden: false);

    /// <summary>Counted in memory and answered at once; the taps reach the store and the screens in the next flush.</summary>
    [Allow("react", Role.Participant, Role.Stakeholder)]
    public async Task React(string? reaction) => reactions.React(await Caller(), reaction);

    [Allow("moderate names", Role.Facilitator)]
    public async Task<Ack> ApproveName(long personId) => await filter.ApproveName(await Caller(), personId);

    [Allow("moderate names", Role.Facilitator)]
    public async Task<Ack> RejectName(long personId) => await filter.RejectName(await Caller(), personId);

    [Allow("change the content filter", Role.Facilitator)]
    public async Task<Ack> AddFilterWord(string? word) => await filter.Add(await Caller(), word);

    [Allow("change the content filter", Role.Facilitator)]
    public async Task<Ack> RemoveFilterWord(string? word) => await filter.Remove(await Caller(), word);

    private Uri PublicBase() => BadgesApi.PublicBase(options.Value, Context.GetHttpContext()!.Request);

    private ValueTask<Person> Caller() => people.Caller(Context.User);
}

public sealed record ClockReading(DateTimeOffset ServerTime);
