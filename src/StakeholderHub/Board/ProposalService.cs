using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Matchmaking;
using StakeholderHub.Realtime;

namespace StakeholderHub.Board;

/// <summary>
/// The proposal board: stakeholders pitch, participants (and other stakeholders) upvote and join. Upvotes and
/// joins set state, so a retry changes nothing; every one that changes something is evidence. A proposal's texts pass
/// the room's content filter: a hit is held (even with moderation off) for the facilitator to approve or reject, and
/// until then only its owner (as waiting) and the facilitator (with why) see it.
/// </summary>
public sealed class ProposalService(ChangeWriter writer)
{
    public Task<Ack> Create(Person caller, ProposalInput? input)
    {
        input = Check.NotNull(input, "proposal");
        var proposal = input.Checked();
        if (caller.Role == Role.Facilitator && input.OwnerId is null)
        {
            Refusal.Invalid("Say which stakeholder owns the proposal (ownerId).");
        }

        return writer.Create(caller.EventId, context =>
        {
            var ownerId = caller.Role == Role.Stakeholder ? caller.Id : Stakeholder(context, input.OwnerId!.Value);
            if (proposal.RequestId is { } requestId && ProposalStore.FindByRequest(context, ownerId, requestId) is { } existing)
            {
                return existing;
            }

            CheckAgendaItem(context, proposal.AgendaItemId);
            var id = ProposalStore.Insert(context, ownerId, proposal);
            if (Filtered(context, proposal) is { } held)
            {
                ProposalStore.SetHeld(context, id, held);
            }

            Changed(context, id, wasPublic: false);
            return id;
        });
    }

    public Task<Ack> Edit(Person caller, long proposalId, ProposalInput? input)
    {
        var proposal = Check.NotNull(input, "proposal").Checked();
        return writer.Change(caller.EventId, context =>
        {
            var before = OwnedOrStaff(context, caller, proposalId, "edit");
            CheckAgendaItem(context, proposal.AgendaItemId);
            var old = Existing(context, context.EventId, proposalId);
            ProposalStore.Update(context, proposalId, proposal);
            // Edited texts pass the filter again (a hit holds the proposal again, a clean edit lets a held one in);
            // an edit of other fields leaves the held state, and the facilitator's approval, as they were.
            if (old.Title != proposal.Title || old.Summary != proposal.Summary || old.PartnersSought != proposal.PartnersSought
                || !old.Tags.SequenceEqual(proposal.Tags))
            {
                ProposalStore.SetHeld(context, proposalId, Filtered(context, proposal));
            }

            Changed(context, proposalId, wasPublic: !before.Held);
        });
    }

    public Task<Ack> SetStatus(Person caller, long proposalId, string? status)
    {
        if (!ProposalStatuses.All.Contains(status))
        {
            Refusal.Invalid($"The status must be one of: {string.Join(", ", ProposalStatuses.All)}.");
        }

        return writer.Change(caller.EventId, context =>
        {
            var proposal = OwnedOrStaff(context, caller, proposalId, "change the status of");
            if (proposal.Status != status)
            {
                ProposalStore.SetStatus(context, proposalId, status!);
                Changed(context, proposalId, wasPublic: !proposal.Held);
            }
        });
    }

    /// <summary>The facilitator lets a held proposal into the room: everyone sees it appear.</summary>
    public Task<Ack> Approve(Person caller, long proposalId) =>
        writer.Change(caller.EventId, context =>
        {
            if (State(context, proposalId).Held)
            {
                ProposalStore.SetHeld(context, proposalId, null);
                Changed(context, proposalId, wasPublic: false);
            }
        });

    /// <summary>
    /// The facilitator's no: a held proposal stays out of the room (its owner still sees it waiting); a proposal the
    /// room sees is taken out of it, held for "facilitator".
    /// </summary>
    public Task<Ack> Reject(Person caller, long proposalId) =>
        writer.Change(caller.EventId, context =>
        {
            var proposal = State(context, proposalId);
            if (Existing(context, context.EventId, proposalId).Rejected)
            {
                return;
            }

            if (!proposal.Held)
            {
                ProposalStore.SetHeld(context, proposalId, "facilitator");
            }

            ProposalStore.Reject(context, proposalId);
            Changed(context, proposalId, wasPublic: !proposal.Held);
        });

    /// <summary>Why the content filter holds a proposal's texts, or null.</summary>
    private static string? Filtered(WriteContext context, CheckedProposal proposal) =>
        RoomFilter.Check(context, context.EventId,
            string.Join('\n', [proposal.Title, proposal.Summary, proposal.PartnersSought, .. proposal.Tags]));

    public Task<Ack> Upvote(Person caller, long proposalId) =>
        writer.Change(caller.EventId, context =>
        {
            var proposal = Public(context, proposalId);
            // Already upvoted: a retry changes nothing, even once the proposal is closed.
            if (ProposalStore.AddVote(context, proposalId, caller.Id) is { } counts)
            {
                // A refusal here rolls the vote back with the rest of this change.
                Open(caller, proposal, "upvote");
                context.Evidence(caller.Id, "upvoted_proposal", "proposal", proposalId);
                CountsChanged(context, caller, counts);
            }
        });

    public Task<Ack> Withdraw(Person caller, long proposalId) =>
        writer.Change(caller.EventId, context =>
        {
            State(context, proposalId);
            if (ProposalStore.RemoveVote(context, proposalId, caller.Id) is { } counts)
            {
                context.Evidence(caller.Id, "withdrew_proposal_upvote", "proposal", proposalId);
                CountsChanged(context, caller, counts);
            }
        });

    public Task<Ack> Join(Person caller, long proposalId, MembershipInput? input)
    {
        var membership = Check.NotNull(input, "membership").Checked();
        return writer.Change(caller.EventId, context =>
        {
            var proposal = Public(context, proposalId);
            var email = membership.ShareContact ? membership.Email ?? EventStore.Email(context, caller.Id) : null;
            var partnersEmail = membership.SharePartners ? membership.Email ?? EventStore.Email(context, caller.Id) : null;
            var existing = ProposalStore.FindMember(context, proposalId, caller.Id);
            if (existing is not null && existing.Intent == membership.Intent && existing.Note == membership.Note
                && existing.Shares == membership.ShareContact && existing.Email == email
                && existing.SharePartners == (membership.SharePartners ? 1 : 0) && existing.PartnersEmail == partnersEmail)
            {
                // A retried join: already a member with these answers.
                return;
            }

            Open(caller, proposal, "join");
            if (existing is not null)
            {
                // Still one member, so the counts stay; the owner and the facilitator get the new answers.
                ProposalStore.UpdateMember(context, proposalId, caller.Id, membership, email, partnersEmail);
                context.Evidence(caller.Id, "updated_proposal_membership", "proposal", proposalId, membership.Intent);
                EmitMember(context, proposal.OwnerId, ProposalStore.FindMember(context, proposalId, caller.Id)!.ToMember(active: true));
                MineStore.EmitProposal(context, caller.Id, proposalId);
                MatchmakingService.MemberChanged(context, proposalId, caller.Id, existing.Shares || membership.ShareContact,
                    existing.SharePartners == 1 || membership.SharePartners);
                return;
            }

            var counts = ProposalStore.InsertMember(context, proposalId, caller.Id, membership, email, partnersEmail);
            context.Evidence(caller.Id, "joined_proposal", "proposal", proposalId, membership.Intent);
            EmitMember(context, proposal.OwnerId, ProposalStore.FindMember(context, proposalId, caller.Id)!.ToMember(active: true));
            CountsChanged(context, caller, counts);
            MatchmakingService.MemberChanged(context, proposalId, caller.Id, membership.ShareContact, membership.SharePartners);
        });
    }

    public Task<Ack> Leave(Person caller, long proposalId) =>
        writer.Change(caller.EventId, context =>
        {
            var proposal = State(context, proposalId);
            var existing = ProposalStore.FindMember(context, proposalId, caller.Id);
            if (existing is not null && ProposalStore.RemoveMember(context, proposalId, caller.Id) is { } counts)
            {
                context.Evidence(caller.Id, "left_proposal", "proposal", proposalId);
                EmitMember(context, proposal.OwnerId, existing.ToMember(active: false));
                CountsChanged(context, caller, counts);
                MatchmakingService.MemberChanged(context, proposalId, caller.Id, existing.Shares, existing.SharePartners == 1);
            }
        });

    /// <summary>
    /// Sends again everything of the board that shows <paramref name="personId"/>'s name (their proposals to whoever
    /// may see each, their memberships to the proposals' owners and the facilitator): their name was approved.
    /// </summary>
    public static void ResendNamed(WriteContext context, long personId)
    {
        foreach (var proposalId in ProposalStore.Owned(context, personId))
        {
            Changed(context, proposalId, wasPublic: false);
        }

        foreach (var membership in ProposalStore.Mine(context, personId).Memberships)
        {
            if (ProposalStore.State(context, context.EventId, membership.ProposalId) is { } proposal
                && ProposalStore.FindMember(context, membership.ProposalId, personId) is { } member)
            {
                EmitMember(context, proposal.OwnerId, member.ToMember(active: true));
            }
        }

        MatchmakingService.PersonChanged(context, personId);
    }

    /// <summary>A proposal of the event, or a not_found refusal.</summary>
    public static Proposal Existing(IStoreReader sql, long eventId, long proposalId) =>
        ProposalStore.Find(sql, eventId, proposalId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {proposalId} in this session.");

    private static ProposalState State(WriteContext context, long proposalId) =>
        ProposalStore.State(context, context.EventId, proposalId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {proposalId} in this session.");

    /// <summary>A proposal the room sees; a held one looks like no proposal at all.</summary>
    private static ProposalState Public(WriteContext context, long proposalId)
    {
        var proposal = State(context, proposalId);
        if (proposal.Held)
        {
            Refusal.NotFound($"There is no proposal {proposalId} in this session.");
        }

        return proposal;
    }

    /// <summary>Refuses unless the caller may back the proposal now: not their own, and not closed.</summary>
    private static void Open(Person caller, ProposalState proposal, string action)
    {
        if (proposal.OwnerId == caller.Id)
        {
            Refusal.Invalid($"You cannot {action} your own proposal.");
        }

        if (proposal.Status == "closed")
        {
            throw new Refusal(RefusalCode.Closed, $"The proposal \"{proposal.Title}\" is closed: it takes no new upvotes or joins.");
        }
    }

    /// <summary>The facilitator acts on every proposal; a stakeholder on their own only.</summary>
    private static ProposalState OwnedOrStaff(WriteContext context, Person caller, long proposalId, string action)
    {
        var proposal = State(context, proposalId);
        if (caller.Role != Role.Facilitator && proposal.OwnerId != caller.Id)
        {
            Refusal.Forbidden($"Only the proposal's owner and the facilitator can {action} a proposal.");
        }

        return proposal;
    }

    private static long Stakeholder(WriteContext context, long personId) =>
        EventStore.IsStakeholder(context, context.EventId, personId)
            ? personId
            : throw new Refusal(RefusalCode.NotFound, $"There is no stakeholder {personId} in this session.");

    private static void CheckAgendaItem(WriteContext context, long? agendaItemId)
    {
        if (agendaItemId is { } id && AgendaStore.Find(context, context.EventId, id) is null)
        {
            Refusal.NotFound($"There is no agenda item {id} in this session.");
        }
    }

    /// <summary>
    /// Sends the proposal as it now stands to whoever may see it: everyone when the room sees it; otherwise the
    /// facilitator (with why) and its owner (waiting), and, if the room saw it before, everyone its removal. Everyone's
    /// entry goes first, so the facilitator and the owner end with their own view.
    /// </summary>
    private static void Changed(WriteContext context, long proposalId, bool wasPublic)
    {
        var proposal = Existing(context, context.EventId, proposalId);
        var key = $"proposal:{proposalId}";
        // The my-session pages of its owner and joiners (a held proposal leaves the joiners' pages).
        MatchmakingService.Changed(context, proposalId);
        if (!proposal.Waiting)
        {
            context.Emit("proposal", proposal, mergeKey: key);
            return;
        }

        if (wasPublic)
        {
            context.Emit("proposal.removed", new ProposalRemoved(proposalId), mergeKey: key);
        }

        context.Emit("proposal", proposal, Audience.Facilitator, key);
        context.Emit("proposal", proposal.Owner(), Audience.Person(proposal.OwnerId), key);
    }

    /// <summary>Sends everyone the proposal's counts, and the caller their own state, as part of this change.</summary>
    private static void CountsChanged(WriteContext context, Person caller, ProposalCounts counts)
    {
        context.Emit("proposal.counts", counts, mergeKey: $"proposal:{counts.Id}:counts");
        MineStore.EmitProposal(context, caller.Id, counts.Id);
    }

    /// <summary>Who joined or left goes to the proposal's owner and the facilitator only.</summary>
    public static void EmitMember(WriteContext context, long ownerId, Member member)
    {
        var key = $"member:{member.ProposalId}:{member.PersonId}";
        context.Emit("member", member, Audience.Facilitator, key);
        context.Emit("member", member, Audience.Person(ownerId), key);
    }
}
