using StakeholderHub.Access;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Questions;
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

            StartItem(context, itemId, withFirstPitch: true);
            Changed(context);
        });

    /// <summary>
    /// Moves the run of show on: to the item's next pitch while one is running (after its last pitch the item stays on
    /// for questions), else to the next planned item (and its first pitch).
    /// </summary>
    public Task<Ack> Next(Person caller) =>
        writer.Change(caller.EventId, context =>
        {
            if (PitchStore.Current(context, context.EventId) is { } pitch)
            {
                PitchStore.FinishCurrent(context);
                if (PitchStore.NextPlanned(context, pitch.AgendaItemId, pitch.Position) is { } nextPitch)
                {
                    PitchStore.Start(context, nextPitch);
                }

                Moved(context);
                return;
            }

            var current = AgendaStore.Current(context, context.EventId);
            var next = AgendaStore.NextPlanned(context, context.EventId, current?.Position ?? long.MinValue);
            if (current is null && next is null)
            {
                Refusal.Invalid("There is no planned item left to start.");
            }

            AgendaStore.FinishCurrent(context);
            if (next is { } nextId)
            {
                StartItem(context, nextId, withFirstPitch: true);
            }

            Moved(context);
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

    public Task<Ack> AddPitch(Person caller, long itemId, PitchInput? input)
    {
        var pitch = Check.NotNull(input, "pitch").Checked();
        return writer.Create(caller.EventId, context =>
        {
            Existing(context, itemId);
            var id = PitchStore.Insert(context, itemId, CheckedPitch(context, pitch));
            Changed(context);
            return id;
        });
    }

    public Task<Ack> EditPitch(Person caller, long pitchId, PitchInput? input)
    {
        var pitch = Check.NotNull(input, "pitch").Checked();
        return writer.Change(caller.EventId, context =>
        {
            ExistingPitch(context, pitchId);
            PitchStore.Update(context, pitchId, CheckedPitch(context, pitch));
            Changed(context);
        });
    }

    public Task<Ack> RemovePitch(Person caller, long pitchId) =>
        writer.Change(caller.EventId, context =>
        {
            if (ExistingPitch(context, pitchId).Status == "current")
            {
                Refusal.Invalid("The pitch being given cannot be removed; move to the next one first.");
            }

            PitchStore.Delete(context, pitchId);
            Changed(context);
        });

    public Task<Ack> ReorderPitches(Person caller, long itemId, long[]? pitchIds)
    {
        var order = Check.NotNull(pitchIds, "list of pitch ids");
        return writer.Change(caller.EventId, context =>
        {
            Existing(context, itemId);
            var existing = PitchStore.Ids(context, itemId);
            if (order.Length != existing.Count || order.Distinct().Count() != order.Length || !order.All(existing.Contains))
            {
                Refusal.Invalid($"The new order must list each of the item's {existing.Count} pitches exactly once.");
            }

            for (var i = 0; i < order.Length; i++)
            {
                PitchStore.SetPosition(context, order[i], i + 1);
            }

            Changed(context);
        });
    }

    /// <summary>Starts a pitch (and its agenda item, if another one is running).</summary>
    public Task<Ack> StartPitch(Person caller, long pitchId) =>
        writer.Change(caller.EventId, context =>
        {
            var pitch = ExistingPitch(context, pitchId);
            if (pitch.Status == "current")
            {
                return;
            }

            if (AgendaStore.Current(context, context.EventId)?.Id != pitch.AgendaItemId)
            {
                StartItem(context, pitch.AgendaItemId, withFirstPitch: false);
            }

            PitchStore.FinishCurrent(context);
            PitchStore.Start(context, pitchId);
            Moved(context);
        });

    /// <summary>Gives the running pitch more minutes; its agenda item ends that much later too.</summary>
    public Task<Ack> ExtendPitch(Person caller, int minutes)
    {
        Check.Range(minutes, "number of minutes", 1, 30);
        return writer.Change(caller.EventId, context =>
        {
            var pitch = PitchStore.Current(context, context.EventId);
            if (pitch is null)
            {
                Refusal.Invalid("No pitch is being given, so there is nothing to extend.");
            }

            PitchStore.Extend(context, pitch.Id, minutes);
            AgendaStore.ExtendCurrent(context, minutes);
            Changed(context);
        });
    }

    /// <summary>The session's planned start and end, against which the agenda's planned end is shown.</summary>
    public Task<Ack> SetSchedule(Person caller, ScheduleInput? input)
    {
        var schedule = Check.NotNull(input, "schedule");
        if (schedule is { StartsAt: { } start, EndsAt: { } end } && end <= start)
        {
            Refusal.Invalid("The session must end after it starts.");
        }

        return writer.Change(caller.EventId, context =>
        {
            AgendaStore.SetSchedule(context, schedule.StartsAt, schedule.EndsAt);
            Changed(context);
        });
    }

    /// <summary>The projector's mode (auto follows the run of show) and its QR panel.</summary>
    public Task<Ack> SetProjector(Person caller, ProjectorInput? input)
    {
        input = Check.NotNull(input, "projector");
        if (!Projector.Modes.Contains(input.Mode))
        {
            Refusal.Invalid($"The projector's mode must be one of: {string.Join(", ", Projector.Modes)}.");
        }

        if (!Projector.QrSizes.Contains(input.Qr))
        {
            Refusal.Invalid($"The QR panel must be one of: {string.Join(", ", Projector.QrSizes)}.");
        }

        return writer.Change(caller.EventId, context =>
        {
            var current = PitchStore.Projector(context, context.EventId);
            if (current.Mode != input.Mode || current.Qr != input.Qr)
            {
                PitchStore.SetProjector(context, input.Mode!, input.Qr!, current.Pinned);
                EmitProjector(context);
            }
        });
    }

    /// <summary>A pinned question stays on the screen when the run of show moves on; unpinned, "Next" takes it off.</summary>
    public Task<Ack> PinScreen(Person caller, bool pinned) =>
        writer.Change(caller.EventId, context =>
        {
            var current = PitchStore.Projector(context, context.EventId);
            if (current.Pinned != pinned)
            {
                PitchStore.SetProjector(context, current.Mode, current.Qr, pinned);
                EmitProjector(context);
            }
        });

    /// <summary>Sends the agenda as it now stands to everyone, as part of this change.</summary>
    public static void Changed(WriteContext context) =>
        context.Emit("agenda", AgendaStore.Load(context, context.EventId), mergeKey: "agenda");

    /// <summary>The agenda moved on: it is sent, and the question on the screen comes off unless it is pinned.</summary>
    private static void Moved(WriteContext context)
    {
        Changed(context);
        if (!PitchStore.Projector(context, context.EventId).Pinned)
        {
            QuestionService.ClearScreen(context);
        }
    }

    private static void StartItem(WriteContext context, long itemId, bool withFirstPitch)
    {
        PitchStore.FinishCurrent(context);
        AgendaStore.FinishCurrent(context);
        AgendaStore.Start(context, itemId);
        if (withFirstPitch && PitchStore.NextPlanned(context, itemId, long.MinValue) is { } first)
        {
            PitchStore.Start(context, first);
        }
    }

    private static void EmitProjector(WriteContext context) =>
        context.Emit("projector", PitchStore.Projector(context, context.EventId), mergeKey: "projector");

    /// <summary>A pitch's proposal and speaker must be of this event; a proposal's pitch is given by its owner unless said otherwise.</summary>
    public static PitchInput CheckedPitch(WriteContext context, PitchInput pitch)
    {
        if (pitch.ProposalId is { } proposalId)
        {
            ProposalService.Existing(context, context.EventId, proposalId);
        }

        CheckStakeholder(context, pitch.SpeakerId);
        return pitch;
    }

    private static PitchStore.PitchState ExistingPitch(WriteContext context, long pitchId) =>
        PitchStore.Find(context, context.EventId, pitchId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no pitch {pitchId} in this session.");

    public static void CheckStakeholder(WriteContext context, long? stakeholderId)
    {
        if (stakeholderId is { } id && !EventStore.IsStakeholder(context, context.EventId, id))
        {
            Refusal.NotFound($"There is no stakeholder {id} in this session.");
        }
    }

    private static AgendaStore.ItemState Existing(WriteContext context, long itemId) =>
        AgendaStore.Find(context, context.EventId, itemId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no agenda item {itemId} in this session.");
}
