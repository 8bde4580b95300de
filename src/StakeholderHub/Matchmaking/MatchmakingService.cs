using StakeholderHub.Access;
using StakeholderHub.Board;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Practices;
using StakeholderHub.Realtime;

namespace StakeholderHub.Matchmaking;

/// <summary>
/// Partner matchmaking that outlives the afternoon (docs/privacy.md, "Fellow partners"): each person's "my session",
/// the two consents of a membership (the owner; the fellow partners), the owner's contact and updates. Who sees whom
/// is decided here alone, for each reader: a joiner appears to the other joiners only with their fellow-partner
/// consent, and sees the others only with their own (reciprocity); the owner sees the joiners who consented to
/// the owner. Every change sends each person concerned their own view of the proposal (<c>my.proposal</c>) and
/// nobody else anything, so a page updates live; none of this is refused once the session is closed.
/// </summary>
public sealed class MatchmakingService(ChangeWriter writer, Database database)
{
    /// <summary>The caller's "my session": the proposals they own or joined, as they may see them.</summary>
    public MySession Session(Person caller)
    {
        using var sql = database.Read();
        var info = EventStore.Find(sql, caller.EventId)!;
        var proposals = MatchmakingStore.ProposalsOf(sql, caller.EventId, caller.Id)
            .Select(id => View(sql, caller.EventId, id, caller.Id)).OfType<MySessionProposal>().ToList();
        return new MySession(caller.EventId, info.Title, ReflectionStore.Status(sql, caller.EventId).Closed, caller.Id, Roles.Name(caller.Role),
            caller.Role == Role.Stakeholder ? MatchmakingStore.OwnerContact(sql, caller.Id) : null, proposals);
    }

    /// <summary>A member changes or withdraws either consent; allowed on a closed proposal and after the session closed.</summary>
    public Task<Ack> SetConsents(Person caller, long proposalId, ConsentsInput? input)
    {
        input = Check.NotNull(input, "consents");
        var shareContact = input.ShareContact ?? throw new Refusal(
            RefusalCode.Invalid, "Say whether the owner may see your contact details (shareContact: true or false).");
        var sharePartners = input.SharePartners ?? throw new Refusal(
            RefusalCode.Invalid, "Say whether the other partners may see your contact details (sharePartners: true or false).");
        var email = Check.Email(input.Email);
        return writer.Change(caller.EventId, context =>
        {
            var member = ProposalStore.FindMember(context, proposalId, caller.Id);
            if (member is null || ProposalStore.State(context, context.EventId, proposalId) is not { } proposal)
            {
                throw new Refusal(RefusalCode.NotFound, $"You have not joined proposal {proposalId}.");
            }

            var fallback = EventStore.Email(context, caller.Id);
            var contactEmail = shareContact ? email ?? member.Email ?? fallback : null;
            var partnersEmail = sharePartners ? email ?? member.PartnersEmail ?? fallback : null;
            if (member.Shares == shareContact && member.Email == contactEmail && (member.SharePartners == 1) == sharePartners
                && member.PartnersEmail == partnersEmail)
            {
                return;
            }

            MatchmakingStore.SetConsents(context, proposalId, caller.Id, shareContact, contactEmail, sharePartners, partnersEmail);
            ProposalService.EmitMember(context, proposal.OwnerId, ProposalStore.FindMember(context, proposalId, caller.Id)!.ToMember(active: true));
            MineStore.EmitProposal(context, caller.Id, proposalId);
            MemberChanged(context, proposalId, caller.Id, member.Shares || shareContact, member.SharePartners == 1 || sharePartners);
        });
    }

    /// <summary>A stakeholder sets the address their proposals' joiners see (empty: none).</summary>
    public Task<Ack> SetOwnerContact(Person caller, OwnerContactInput? input)
    {
        var email = Check.Email(Check.NotNull(input, "contact").Email);
        return writer.Change(caller.EventId, context =>
        {
            if (MatchmakingStore.OwnerContact(context, caller.Id) == email)
            {
                return;
            }

            MatchmakingStore.SetOwnerContact(context, caller.Id, email);
            // Sent even to a stakeholder without proposals, so that their own page shows it.
            context.Emit("my.contact", new OwnerContactInput(email), Audience.Person(caller.Id), "my.contact");
            foreach (var proposalId in Owned(context, caller.Id))
            {
                Changed(context, proposalId);
            }
        });
    }

    /// <summary>
    /// The owner posts an update to the proposal's joiners. Its text passes the room's content filter: a hit holds it
    /// (the owner sees it waiting, the facilitator with why) until the facilitator approves it.
    /// </summary>
    public Task<Ack> PostUpdate(Person caller, long proposalId, ProposalUpdateInput? input)
    {
        input = Check.NotNull(input, "update");
        var text = Check.Text(input.Text, "update", 1, 500);
        var requestId = Check.Line(input.RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null;
        return writer.Create(caller.EventId, context =>
        {
            var proposal = ProposalStore.State(context, context.EventId, proposalId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {proposalId} in this session.");
            if (proposal.OwnerId != caller.Id)
            {
                Refusal.Forbidden("Only the proposal's owner can post updates to its joiners.");
            }

            if (requestId is not null && MatchmakingStore.UpdateByRequest(context, proposalId, requestId) is { } existing)
            {
                return existing;
            }

            var held = RoomFilter.Check(context, context.EventId, text);
            var updateId = MatchmakingStore.InsertUpdate(context, proposalId, text, input.StartsAt, held, requestId);
            if (held is not null)
            {
                context.Emit("proposal.update", MatchmakingStore.Update(context, context.EventId, updateId)!.View(staff: true), Audience.Facilitator,
                    $"proposal.update:{updateId}");
                Send(context, proposalId, caller.Id);
            }
            else
            {
                Changed(context, proposalId);
            }

            return updateId;
        });
    }

    /// <summary>The facilitator lets a held update reach the proposal's joiners.</summary>
    public Task<Ack> ApproveUpdate(Person caller, long updateId) =>
        writer.Change(caller.EventId, context =>
        {
            var update = MatchmakingStore.Update(context, context.EventId, updateId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no update {updateId} in this session.");
            if (update.HeldReason is null)
            {
                return;
            }

            MatchmakingStore.ApproveUpdate(context, updateId);
            context.Emit("proposal.update", MatchmakingStore.Update(context, context.EventId, updateId)!.View(staff: true), Audience.Facilitator,
                $"proposal.update:{updateId}");
            Changed(context, update.ProposalId);
        });

    /// <summary>
    /// The facilitator refuses a held update: it is deleted, never reaches the joiners, and leaves the owner's my session
    /// and the facilitator's list (<c>proposal.update.removed</c>).
    /// </summary>
    public Task<Ack> RejectUpdate(Person caller, long updateId) =>
        writer.Change(caller.EventId, context =>
        {
            var update = MatchmakingStore.Update(context, context.EventId, updateId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no update {updateId} in this session.");
            if (update.HeldReason is null)
            {
                Refusal.Invalid("This update already reached the joiners; only a held update can be rejected.");
            }

            MatchmakingStore.DeleteUpdate(context, updateId);
            context.Emit("proposal.update.removed", new { id = updateId, proposalId = update.ProposalId }, Audience.Facilitator,
                $"proposal.update:{updateId}");
            if (MatchmakingStore.Proposal(context, context.EventId, update.ProposalId) is { } proposal)
            {
                Send(context, update.ProposalId, proposal.OwnerId);
            }
        });

    /// <summary>An update's date as an iCalendar file, for the owner and the joiners who see the update (and the facilitator).</summary>
    public (string Title, string Calendar) Calendar(Person caller, long updateId, string host, DateTimeOffset now)
    {
        using var sql = database.Read();
        var update = MatchmakingStore.Update(sql, caller.EventId, updateId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no update {updateId} in this session.");
        var staff = caller.Role == Role.Facilitator;
        if (!staff && (View(sql, caller.EventId, update.ProposalId, caller.Id) is not { } view || view.Updates.All(u => u.Id != updateId)))
        {
            throw new Refusal(RefusalCode.NotFound, $"There is no update {updateId} in this session.");
        }

        var at = update.StartsAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new Refusal(RefusalCode.NotFound, "This update has no date, so it has no calendar file.");
        var title = MatchmakingStore.Proposal(sql, caller.EventId, update.ProposalId)!.Title;
        var calendar = new Agenda.ICalendarWriter(title);
        calendar.Event($"event-{caller.EventId}-update-{updateId}@{(host.Length > 0 ? host : "stakeholderhub")}", now, at, null, title, update.Text);
        return (title, calendar.Finish());
    }

    /// <summary>
    /// Sends each person concerned by the proposal (its owner and every joiner) their own view of it, and
    /// <paramref name="gone"/> (people no longer concerned: they left, or were erased) its removal.
    /// </summary>
    public static void Changed(WriteContext context, long proposalId, params long[] gone)
    {
        if (ProposalPage.Read(context, context.EventId, proposalId) is not { } page)
        {
            return;
        }

        var people = new List<long> { page.Proposal.OwnerId };
        people.AddRange(page.Members.Select(m => m.PersonId));
        foreach (var personId in people.Concat(gone).Distinct())
        {
            Send(context, proposalId, personId, page);
        }
    }

    /// <summary>
    /// One joiner's membership changed (joined, left, changed an answer or a consent, erased): only the pages it shows
    /// on are sent again — the joiner's own; the owner's when the joiner shares (or shared) with the owner; the
    /// fellow partners' who see partners when the joiner shares (or shared) with them. So a room joining one proposal
    /// costs one entry a join, not one per joiner, and reads the proposal's joiners only for the pages that list them.
    /// </summary>
    public static void MemberChanged(WriteContext context, long proposalId, long personId, bool ownerSees, bool partnersSee)
    {
        if (ProposalPage.Read(context, context.EventId, proposalId) is not { } page)
        {
            return;
        }

        var people = new List<long> { personId };
        if (ownerSees)
        {
            people.Add(page.Proposal.OwnerId);
        }

        if (partnersSee)
        {
            people.AddRange(page.Members.Where(m => m.SharePartners == 1).Select(m => m.PersonId));
        }

        foreach (var id in people.Distinct())
        {
            Send(context, proposalId, id, page);
        }
    }

    /// <summary>Every proposal the person owns or joined, sent again to everyone concerned (their name or profile changed).</summary>
    public static void PersonChanged(WriteContext context, long personId)
    {
        foreach (var proposalId in MatchmakingStore.ProposalsOf(context, context.EventId, personId))
        {
            Changed(context, proposalId);
        }
    }

    private static void Send(WriteContext context, long proposalId, long personId, ProposalPage? page = null)
    {
        var key = $"my.proposal:{proposalId}";
        if ((page ?? ProposalPage.Read(context, context.EventId, proposalId))?.For(personId) is { } view)
        {
            context.Emit("my.proposal", view, Audience.Person(personId), key);
        }
        else
        {
            context.Emit("my.proposal.removed", new MySessionProposalRemoved(proposalId), Audience.Person(personId), key);
        }
    }

    /// <summary>
    /// The proposal as <paramref name="viewerId"/> may see it on their page, or null when it is not theirs to see:
    /// neither its owner nor a joiner, or a joiner of a proposal the room no longer sees.
    /// </summary>
    public static MySessionProposal? View(IStoreReader sql, long eventId, long proposalId, long viewerId) =>
        ProposalPage.Read(sql, eventId, proposalId)?.For(viewerId);

    /// <summary>
    /// One proposal's my-session page, read once for every person a change sends it to: its joiners and its updates
    /// are read when a page first needs them (a joiner who does not see the partners needs only their own row).
    /// </summary>
    private sealed class ProposalPage(IStoreReader sql, MatchmakingStore.ProposalRow proposal)
    {
        private IReadOnlyList<MatchmakingStore.MemberRow>? _members;
        private IReadOnlyList<MatchmakingStore.UpdateRow>? _updates;

        public static ProposalPage? Read(IStoreReader sql, long eventId, long proposalId) =>
            MatchmakingStore.Proposal(sql, eventId, proposalId) is { } proposal ? new ProposalPage(sql, proposal) : null;

        public MatchmakingStore.ProposalRow Proposal => proposal;

        public IReadOnlyList<MatchmakingStore.MemberRow> Members => _members ??= MatchmakingStore.Members(sql, proposal.Id);

        private IReadOnlyList<MatchmakingStore.UpdateRow> Updates => _updates ??= MatchmakingStore.Updates(sql, proposal.Id);

        public MySessionProposal? For(long viewerId)
        {
            var owner = new SessionContact(proposal.OwnerId, proposal.OwnerName ?? "", proposal.OwnerOrganisation ?? "", proposal.OwnerCountry ?? "",
                null, null, proposal.OwnerEmail);
            if (proposal.OwnerId == viewerId)
            {
                return new MySessionProposal(proposal.Id, proposal.Title, proposal.Status, "owner", owner, null, true,
                    Members.Where(m => m.ShareContact == 1).Select(m => Contact(m, m.ContactEmail, m.Note)).ToList(),
                    Updates.Select(u => u.View(staff: false)).ToList());
            }

            if (proposal.HeldReason is not null)
            {
                return null;
            }

            var me = _members is { } members ? members.FirstOrDefault(m => m.PersonId == viewerId) : MatchmakingStore.Member(sql, proposal.Id, viewerId);
            if (me is null)
            {
                return null;
            }

            // Reciprocity: only a joiner who shares with the fellow partners sees the ones who do.
            var seesPartners = me.SharePartners == 1;
            var partners = seesPartners
                ? Members.Where(m => m.PersonId != viewerId && m.SharePartners == 1).Select(m => Contact(m, m.PartnersEmail, null)).ToList()
                : [];
            return new MySessionProposal(proposal.Id, proposal.Title, proposal.Status, "member", owner,
                new MyConsents(me.Intent, me.ShareContact == 1, seesPartners), seesPartners, partners,
                Updates.Where(u => u.HeldReason is null).Select(u => u.View(staff: false)).ToList());
        }
    }

    private static SessionContact Contact(MatchmakingStore.MemberRow member, string? email, string? note) =>
        new(member.PersonId, member.Name ?? "", member.Organisation ?? "", member.Country ?? "", member.Intent, note, email);

    private static IReadOnlyList<long> Owned(IStoreReader sql, long personId) => ProposalStore.Owned(sql, personId);
}
