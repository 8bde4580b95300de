using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Agenda;

/// <summary>The presentations queue. Only the facilitator changes it; every change sends the whole agenda.</summary>
public sealed class AgendaService(ChangeWriter writer)
{
    public Task<Ack> Add(Person caller, AgendaItemInput? input)
    {
        caller.Require(Role.Facilitator, "change the agenda");
        var item = Check.NotNull(input, "agenda item").Checked();
        return writer.Write(context =>
        {
            CheckStakeholder(context, caller.EventId, item.StakeholderId);
            var id = AgendaStore.Insert(context, caller.EventId, item);
            return Changed(context, caller.EventId, id);
        });
    }

    public Task<Ack> Edit(Person caller, long itemId, AgendaItemInput? input)
    {
        caller.Require(Role.Facilitator, "change the agenda");
        var item = Check.NotNull(input, "agenda item").Checked();
        return writer.Write(context =>
        {
            Existing(context, caller.EventId, itemId);
            CheckStakeholder(context, caller.EventId, item.StakeholderId);
            AgendaStore.Update(context, caller.EventId, itemId, item);
            return Changed(context, caller.EventId);
        });
    }

    public Task<Ack> Remove(Person caller, long itemId)
    {
        caller.Require(Role.Facilitator, "change the agenda");
        return writer.Write(context =>
        {
            if (Existing(context, caller.EventId, itemId).Status == "current")
            {
                Refusal.Invalid("The item being presented cannot be removed; move to the next one first.");
            }

            if (AgendaStore.References(context, itemId) is > 0 and var count)
            {
                Refusal.Invalid($"{count} proposals or questions refer to this item, so it stays on the agenda; edit it instead.");
            }

            AgendaStore.Delete(context, caller.EventId, itemId);
            return Changed(context, caller.EventId);
        });
    }

    public Task<Ack> Reorder(Person caller, long[]? itemIds)
    {
        caller.Require(Role.Facilitator, "change the agenda");
        var order = Check.NotNull(itemIds, "list of item ids");
        return writer.Write(context =>
        {
            var existing = AgendaStore.Ids(context, caller.EventId);
            if (order.Length != existing.Count || order.Distinct().Count() != order.Length || !order.All(existing.Contains))
            {
                Refusal.Invalid($"The new order must list each of the {existing.Count} agenda items exactly once.");
            }

            for (var i = 0; i < order.Length; i++)
            {
                AgendaStore.SetPosition(context, order[i], i + 1);
            }

            return Changed(context, caller.EventId);
        });
    }

    public Task<Ack> Start(Person caller, long itemId)
    {
        caller.Require(Role.Facilitator, "run the agenda");
        return writer.Write(context =>
        {
            if (Existing(context, caller.EventId, itemId).Status == "current")
            {
                // Already running: a retried start changes nothing.
                return new Ack(EventVersion(context, caller.EventId));
            }

            AgendaStore.FinishCurrent(context, caller.EventId);
            AgendaStore.Start(context, itemId);
            return Changed(context, caller.EventId);
        });
    }

    public Task<Ack> Next(Person caller)
    {
        caller.Require(Role.Facilitator, "run the agenda");
        return writer.Write(context =>
        {
            var current = AgendaStore.Current(context, caller.EventId);
            var next = AgendaStore.NextPlanned(context, caller.EventId, current?.Position ?? long.MinValue);
            if (current is null && next is null)
            {
                Refusal.Invalid("There is no planned item left to start.");
            }

            AgendaStore.FinishCurrent(context, caller.EventId);
            if (next is { } nextId)
            {
                AgendaStore.Start(context, nextId);
            }

            return Changed(context, caller.EventId);
        });
    }

    public Task<Ack> Extend(Person caller, int minutes)
    {
        caller.Require(Role.Facilitator, "run the agenda");
        Check.Range(minutes, "number of minutes", 1, 120);
        return writer.Write(context =>
        {
            var current = AgendaStore.Current(context, caller.EventId);
            if (current is null)
            {
                Refusal.Invalid("Nothing is being presented, so there is nothing to extend.");
            }

            AgendaStore.Extend(context, current.Id, minutes);
            return Changed(context, caller.EventId);
        });
    }

    /// <summary>Sends the agenda as it now stands to everyone, as part of this change.</summary>
    public static Ack Changed(WriteContext context, long eventId, long? createdId = null)
    {
        var agenda = AgendaStore.Load(context.Connection, context.Transaction, eventId);
        context.Emit(eventId, "agenda", agenda, mergeKey: "agenda");
        return new Ack(context.Version(eventId), createdId);
    }

    private static void CheckStakeholder(WriteContext context, long eventId, long? stakeholderId)
    {
        if (stakeholderId is { } id && !EventStore.IsStakeholder(context, eventId, id))
        {
            Refusal.NotFound($"There is no stakeholder {id} in this session.");
        }
    }

    private static AgendaStore.ItemState Existing(WriteContext context, long eventId, long itemId) =>
        AgendaStore.Find(context, eventId, itemId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no agenda item {itemId} in this session.");

    private static long EventVersion(WriteContext context, long eventId) =>
        EventStore.Version(context.Connection, context.Transaction, eventId);
}
