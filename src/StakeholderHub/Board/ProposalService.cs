using Dapper;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Board;

/// <summary>
/// The proposal board: stakeholders pitch, participants (and other stakeholders) upvote and join. Upvotes and
/// joins set state, so a retry changes nothing; every one that changes something is evidence.
/// </summary>
public sealed class ProposalService(ChangeWriter writer)
{
    public Task<Ack> Create(Person caller, ProposalInput? input)
    {
        if (caller.Role is not (Role.Stakeholder or Role.Facilitator))
        {
            Refusal.Forbidden("Only stakeholders and the facilitator can create proposals.");
        }

        input = Check.NotNull(input, "proposal");
        var proposal = input.Checked();
        if (caller.Role == Role.Facilitator && input.OwnerId is null)
        {
            Refusal.Invalid("Say which stakeholder owns the proposal (ownerId).");
        }

        return writer.Write(context =>
        {
            var ownerId = caller.Role == Role.Stakeholder ? caller.Id : Stakeholder(context, caller.EventId, input.OwnerId!.Value);
            if (proposal.RequestId is { } requestId && ProposalStore.FindByRequest(context, ownerId, requestId) is { } existing)
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId), existing);
            }

            CheckAgendaItem(context, caller.EventId, proposal.AgendaItemId);
            var id = ProposalStore.Insert(context, caller.EventId, ownerId, proposal);
            return Changed(context, caller.EventId, id, created: true);
        });
    }

    public Task<Ack> Edit(Person caller, long proposalId, ProposalInput? input)
    {
        var proposal = Check.NotNull(input, "proposal").Checked();
        return writer.Write(context =>
        {
            OwnedOrStaff(context, caller, proposalId, "edit");
            CheckAgendaItem(context, caller.EventId, proposal.AgendaItemId);
            ProposalStore.Update(context, proposalId, proposal);
            return Changed(context, caller.EventId, proposalId);
        });
    }

    public Task<Ack> SetStatus(Person caller, long proposalId, string? status)
    {
        if (!ProposalStatuses.All.Contains(status))
        {
            Refusal.Invalid($"The status must be one of: {string.Join(", ", ProposalStatuses.All)}.");
        }

        return writer.Write(context =>
        {
            if (OwnedOrStaff(context, caller, proposalId, "change the status of").Status == status)
            {
                return Unchanged(context, caller.EventId);
            }

            ProposalStore.SetStatus(context, proposalId, status!);
            return Changed(context, caller.EventId, proposalId);
        });
    }

    public Task<Ack> Upvote(Person caller, long proposalId)
    {
        Backer(caller, "upvote proposals");
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            var proposal = State(context, caller.EventId, proposalId);
            if (ProposalStore.AddVote(context, proposalId, caller.Id) is not { } counts)
            {
                // Already upvoted: a retry changes nothing, even once the proposal is closed.
                return Unchanged(context, caller.EventId);
            }

            // A refusal here rolls the vote back with the rest of this change.
            Open(context, caller, proposal, "upvote");

            context.Evidence(caller.EventId, caller.Id, "upvoted_proposal", "proposal", proposalId);
            return CountsChanged(context, caller, counts);
        });
    }

    public Task<Ack> Withdraw(Person caller, long proposalId)
    {
        Backer(caller, "upvote proposals");
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            State(context, caller.EventId, proposalId);
            if (ProposalStore.RemoveVote(context, proposalId, caller.Id) is not { } counts)
            {
                return Unchanged(context, caller.EventId);
            }

            context.Evidence(caller.EventId, caller.Id, "withdrew_proposal_upvote", "proposal", proposalId);
            return CountsChanged(context, caller, counts);
        });
    }

    public Task<Ack> Join(Person caller, long proposalId, MembershipInput? input)
    {
        Backer(caller, "join proposals");
        var membership = Check.NotNull(input, "membership").Checked();
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            var proposal = State(context, caller.EventId, proposalId);
            var email = membership.ShareContact ? membership.Email ?? PersonEmail(context, caller.Id) : null;
            var existing = ProposalStore.FindMember(context, proposalId, caller.Id);
            if (existing is not null && existing.Intent == membership.Intent && existing.Note == membership.Note
                && existing.Shares == membership.ShareContact && existing.Email == email)
            {
                // A retried join: already a member with these answers.
                return Unchanged(context, caller.EventId);
            }

            Open(context, caller, proposal, "join");
            if (existing is not null)
            {
                // Still one member, so the counts stay; the owner and the facilitator get the new answers.
                ProposalStore.UpdateMember(context, proposalId, caller.Id, membership, email);
                context.Evidence(caller.EventId, caller.Id, "updated_proposal_membership", "proposal", proposalId, membership.Intent);
                EmitMember(context, caller.EventId, proposal.OwnerId, ProposalStore.FindMember(context, proposalId, caller.Id)!.ToMember(active: true));
                MineStore.Emit(context, caller.EventId, caller.Id);
                return new Ack(context.Version(caller.EventId));
            }

            var counts = ProposalStore.InsertMember(context, proposalId, caller.Id, membership, email);
            context.Evidence(caller.EventId, caller.Id, "joined_proposal", "proposal", proposalId, membership.Intent);
            EmitMember(context, caller.EventId, proposal.OwnerId, ProposalStore.FindMember(context, proposalId, caller.Id)!.ToMember(active: true));
            return CountsChanged(context, caller, counts);
        });
    }

    public Task<Ack> Leave(Person caller, long proposalId)
    {
        Backer(caller, "join proposals");
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            var proposal = State(context, caller.EventId, proposalId);
            var existing = ProposalStore.FindMember(context, proposalId, caller.Id);
            if (existing is null || ProposalStore.RemoveMember(context, proposalId, caller.Id) is not { } counts)
            {
                return Unchanged(context, caller.EventId);
            }

            context.Evidence(caller.EventId, caller.Id, "left_proposal", "proposal", proposalId);
            EmitMember(context, caller.EventId, proposal.OwnerId, existing.ToMember(active: false));
            return CountsChanged(context, caller, counts);
        });
    }

    public static Proposal Existing(WriteContext context, long eventId, long proposalId) =>
        ProposalStore.Find(context.Connection, context.Transaction, eventId, proposalId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {proposalId} in this session.");

    private static void Backer(Person caller, string action)
    {
        if (caller.Role is not (Role.Participant or Role.Stakeholder))
        {
            Refusal.Forbidden($"Only participants and stakeholders can {action}.");
        }
    }

    private static ProposalState State(WriteContext context, long eventId, long proposalId) =>
        ProposalStore.State(context, eventId, proposalId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no proposal {proposalId} in this session.");

    /// <summary>Refuses unless the caller may back the proposal now: not their own, and not closed.</summary>
    private static void Open(WriteContext context, Person caller, ProposalState proposal, string action)
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

    private static ProposalState OwnedOrStaff(WriteContext context, Person caller, long proposalId, string action)
    {
        if (caller.Role is not (Role.Stakeholder or Role.Facilitator))
        {
            Refusal.Forbidden($"Only the proposal's owner and the facilitator can {action} a proposal.");
        }

        var proposal = State(context, caller.EventId, proposalId);
        if (caller.Role == Role.Stakeholder && proposal.OwnerId != caller.Id)
        {
            Refusal.Forbidden($"Only the proposal's owner and the facilitator can {action} a proposal.");
        }

        return proposal;
    }

    private static long Stakeholder(WriteContext context, long eventId, long personId) =>
        EventStore.IsStakeholder(context, eventId, personId)
            ? personId
            : throw new Refusal(RefusalCode.NotFound, $"There is no stakeholder {personId} in this session.");

    private static void CheckAgendaItem(WriteContext context, long eventId, long? agendaItemId)
    {
        if (agendaItemId is { } id && AgendaStore.Find(context, eventId, id) is null)
        {
            Refusal.NotFound($"There is no agenda item {id} in this session.");
        }
    }

    private static string? PersonEmail(WriteContext context, long personId) =>
        context.QuerySingleOrDefault<string?>("SELECT email FROM people WHERE id = @Id", new { Id = personId });

    private static Ack Unchanged(WriteContext context, long eventId) =>
        new(EventStore.Version(context.Connection, context.Transaction, eventId));

    /// <summary>Sends the proposal as it now stands to everyone.</summary>
    private static Ack Changed(WriteContext context, long eventId, long proposalId, bool created = false)
    {
        context.Emit(eventId, "proposal", Existing(context, eventId, proposalId), mergeKey: $"proposal:{proposalId}");
        return new Ack(context.Version(eventId), created ? proposalId : null);
    }

    /// <summary>Sends everyone the proposal's counts, and the caller their own state, as part of this change.</summary>
    private static Ack CountsChanged(WriteContext context, Person caller, ProposalCounts counts)
    {
        context.Emit(caller.EventId, "proposal.counts", counts, mergeKey: $"proposal:{counts.Id}:counts");
        MineStore.Emit(context, caller.EventId, caller.Id);
        return new Ack(context.Version(caller.EventId));
    }

    /// <summary>Who joined or left goes to the proposal's owner and the facilitator only.</summary>
    private static void EmitMember(WriteContext context, long eventId, long ownerId, Member member)
    {
        var key = $"member:{member.ProposalId}:{member.PersonId}";
        context.Emit(eventId, "member", member, Audience.Facilitator, key);
        context.Emit(eventId, "member", member, Audience.Person(ownerId), key);
    }
}
