using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Agenda;

/// <summary>The presentations queue (the facilitator's, SessionHub says); every change sends the whole agenda.</summary>
public sealed class AgendaService(ChangeWriter writer)
{
    public Task<Ack> Add(Person caller, AgendaItemInput? input)
    {
        var item = Check.NotNull(input, "agenda item").Checked();
        return writer.Create(caller.EventId, context =>
        {
            CheckStakeholder(context, item.StakeholderId);
            var id = AgendaStore.Insert(context, item);
            Changed(context);
            return id;
        });
    }

    public Task<Ack> Edit(Person caller, long itemId, AgendaItemInput? input)
    {
        var item = Check.NotNull(input, "agenda item").Checked();
        return writer.Change(caller.EventId, context =>
        {
            Existing(context, itemId);
            CheckStakeholder(context, item.StakeholderId);
            AgendaStore.Update(context, itemId, item);
            Changed(context);
        });
    }

    public Task<Ack> Remove(Person caller, long itemId) =>
        writer.Change(caller.EventId, context =>
        {
            if (Existing(context, itemId).Status == "current")
            {
                Refusal.Invalid("The item being presented cannot be removed; move to the next one first.");
            }

            if (AgendaStore.References(context, itemId) is > 0 and var count)
            {
                Refusal.Invalid($"{count} proposals or questions refer to this item, so it stays on the agenda; edit it instead.");
            }

            AgendaStore.Delete(context, itemId);
            Changed(context);
        });

    public Task<Ack> Reorder(Person caller, long[]? itemIds)
    {
        var order = Check.NotNull(itemIds, "list of item ids");
        return writer.Change(caller.EventId, context =>
        {
            var existing = AgendaStore.Ids(context, context.EventId);
            if (order.Length != existing.Count || order.Distinct().Count() != order.Length || !order.All(existing.Contains))
            {
                Refusal.Invalid($"The new order must list each of the {existing.Count} agenda items exactly once.");
            }

            for (var i = 0; i < order.Length; i++)
            {
                AgendaStore.SetPosition(context, order[i], i + 1);
            }

            Changed(context);
        });
    }

    public Task<Ack> Start(Person caller, long itemId) =>
        writer.Change(caller.EventId, context =>
        {
            if (Existing(context, itemId).Status == "current")
            {
                // Already running: a retried start changes nothing.
                return;
            }

            AgendaStore.FinishCurrent(context);
            AgendaStore.Start(context, itemId);
            Changed(context);
        });

    public Task<Ack> Next(Person caller) =>
        writer.Change(caller.EventId, context =>
        {
            var current = AgendaStore.Current(context, context.EventId);
            var next = AgendaStore.NextPlanned(context, context.EventId, current?.Position ?? long.MinValue);
            if (current is null && next is null)
            {
                Refusal.Invalid("There is no planned item left to start.");
            }

            AgendaStore.FinishCurrent(context);
            if (next is { } nextId)
            {
                AgendaStore.Start(context, nextId);
            }

            Changed(context);
        });

    public Task<Ack> Extend(Person caller, int minutes)
    {
        Check.Range(minutes, "number of minutes", 1, 120);
        return writer.Change(caller.EventId, context =>
        {
            var current = AgendaStore.Current(context, context.EventId);
            if (current is null)
            {
                Refusal.Invalid("Nothing is being presented, so there is nothing to extend.");
            }

            AgendaStore.Extend(context, current.Id, minutes);
            Changed(context);
        });
    }

    /// <summary>Sends the agenda as it now stands to everyone, as part of this change.</summary>
    public static void Changed(WriteContext context) =>
        context.Emit("agenda", AgendaStore.Load(context, context.EventId), mergeKey: "agenda");

    private static void CheckStakeholder(WriteContext context, long? stakeholderId)
    {
        if (stakeholderId is { } id && !EventStore.IsStakeholder(context, context.EventId, id))
        {
            Refusal.NotFound($"There is no stakeholder {id} in this session.");
        }
    }

    private static AgendaStore.ItemState Existing(WriteContext context, long itemId) =>
        AgendaStore.Find(context, context.EventId, itemId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no agenda item {itemId} in this session.");
}
