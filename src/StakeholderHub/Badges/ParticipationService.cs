using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Badges;

/// <summary>
/// The practice wall and the reflections, and closing the event that ends them. Sharing a practice and submitting a
/// reflection are evidence for the badge, like every other interaction.
/// </summary>
public sealed class ParticipationService(ChangeWriter writer)
{
    public Task<Ack> SharePractice(Person caller, PracticeInput? input)
    {
        Participant(caller, "share practices");
        var practice = Check.NotNull(input, "practice").Checked();
        return writer.Write(context =>
        {
            if (practice.RequestId is { } requestId && PracticeStore.FindByRequest(context, caller.Id, requestId) is { } existing)
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId), existing);
            }

            Open(context, caller.EventId, "share practices");
            var id = PracticeStore.Insert(context, caller.EventId, caller.Id, practice);
            context.Evidence(caller.EventId, caller.Id, "shared_practice", "practice", id);
            context.Emit(caller.EventId, "practice", PracticeStore.Find(context, caller.EventId, id)!.View());
            return new Ack(context.Version(caller.EventId), id);
        });
    }

    /// <summary>Hides a practice from everyone but the facilitator (silently, like dismissing a question), or shows it again.</summary>
    public Task<Ack> SetPracticeHidden(Person caller, long practiceId, bool hidden)
    {
        caller.Require(Role.Facilitator, hidden ? "hide practices" : "show practices");
        return writer.Write(context =>
        {
            var practice = PracticeStore.Find(context, caller.EventId, practiceId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no practice {practiceId} in this session.");
            if (practice.Hidden == hidden)
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            PracticeStore.SetHidden(context, practiceId, hidden);
            var view = PracticeStore.Find(context, caller.EventId, practiceId)!.View();
            if (hidden)
            {
                context.Emit(caller.EventId, "practice.removed", new PracticeRemoved(practiceId));
                context.Emit(caller.EventId, "practice", view, Audience.Facilitator);
            }
            else
            {
                context.Emit(caller.EventId, "practice", view);
            }

            // A hidden practice no longer counts towards its author's badge.
            context.Touch(caller.EventId, practice.PersonId);
            return new Ack(context.Version(caller.EventId));
        });
    }

    public Task<Ack> SaveReflection(Person caller, ReflectionInput? input)
    {
        Participant(caller, "write a reflection");
        var reflection = Check.NotNull(input, "reflection").Checked();
        return writer.Write(context =>
        {
            var existing = ReflectionStore.Find(context.Connection, context.Transaction, caller.Id);
            if (existing is not null && existing.TakeHome == reflection.TakeHome && existing.Contribute == reflection.Contribute)
            {
                // A retry, or nothing edited.
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            Open(context, caller.EventId, "change reflections");
            ReflectionStore.Save(context, caller.EventId, caller.Id, reflection);
            context.Evidence(caller.EventId, caller.Id, existing is null ? "submitted_reflection" : "edited_reflection", "reflection", caller.Id);
            context.Emit(caller.EventId, "reflection", ReflectionStore.Find(context.Connection, context.Transaction, caller.Id)!,
                Audience.Person(caller.Id), mergeKey: "reflection");
            return new Ack(context.Version(caller.EventId));
        });
    }

    /// <summary>Closes the event (no more practices or reflection edits) or opens it again.</summary>
    public Task<Ack> SetClosed(Person caller, bool closed)
    {
        caller.Require(Role.Facilitator, closed ? "close the event" : "reopen the event");
        return writer.Write(context =>
        {
            if (ReflectionStore.Status(context.Connection, context.Transaction, caller.EventId).Closed == closed)
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            ReflectionStore.SetClosed(context, caller.EventId, closed);
            context.Emit(caller.EventId, "event.status", ReflectionStore.Status(context.Connection, context.Transaction, caller.EventId),
                mergeKey: "event.status");
            return new Ack(context.Version(caller.EventId));
        });
    }

    private static void Participant(Person caller, string action)
    {
        if (caller.Role != Role.Participant)
        {
            Refusal.Forbidden($"Only participants can {action}.");
        }
    }

    private static void Open(WriteContext context, long eventId, string action)
    {
        if (ReflectionStore.Status(context.Connection, context.Transaction, eventId).Closed)
        {
            throw new Refusal(RefusalCode.Closed, $"The session is closed: you can no longer {action}.");
        }
    }
}
