using StakeholderHub.Access;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Practices;

/// <summary>
/// The practice wall and the reflections, and closing the event that ends them. Sharing a practice and submitting a
/// reflection are evidence for the badge, like every other interaction.
/// </summary>
public sealed class ParticipationService(ChangeWriter writer)
{
    public Task<Ack> SharePractice(Person caller, PracticeInput? input)
    {
        var practice = Check.NotNull(input, "practice").Checked();
        return writer.Create(caller.EventId, context =>
        {
            if (practice.RequestId is { } requestId && PracticeStore.FindByRequest(context, caller.Id, requestId) is { } existing)
            {
                return existing;
            }

            Open(context, "share practices");
            var id = PracticeStore.Insert(context, caller.Id, practice);
            context.Evidence(caller.Id, "shared_practice", "practice", id);
            // The content filter holds a hit: hidden, for the facilitator to show or leave, and to its author as waiting.
            if (RoomFilter.Check(context, context.EventId, $"{practice.Title}\n{practice.Text}") is { } held)
            {
                PracticeStore.Hold(context, id, held);
                var view = PracticeStore.Find(context, context.EventId, id)!.View();
                context.Emit("practice", view, Audience.Moderation);
                context.Emit("practice", view with { HeldFor = null }, Audience.Person(caller.Id));
                return id;
            }

            context.Emit("practice", PracticeStore.Find(context, context.EventId, id)!.View());
            return id;
        });
    }

    /// <summary>Hides a practice from everyone but the facilitator (silently, like dismissing a question), or shows it again.</summary>
    public Task<Ack> SetPracticeHidden(Person caller, long practiceId, bool hidden) =>
        writer.Change(caller.EventId, context =>
        {
            var practice = PracticeStore.Find(context, context.EventId, practiceId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no practice {practiceId} in this session.");
            if (practice.Hidden == hidden)
            {
                return;
            }

            PracticeStore.SetHidden(context, practiceId, hidden);
            var view = PracticeStore.Find(context, context.EventId, practiceId)!.View();
            if (hidden)
            {
                context.Emit("practice.removed", new PracticeRemoved(practiceId));
                context.Emit("practice", view, Audience.Moderation);
            }
            else
            {
                context.Emit("practice", view);
            }

            // A hidden practice no longer counts towards its author's badge.
            context.Touch(practice.PersonId);
        });

    public Task<Ack> SaveReflection(Person caller, ReflectionInput? input)
    {
        var reflection = Check.NotNull(input, "reflection").Checked();
        return writer.Change(caller.EventId, context =>
        {
            var existing = ReflectionStore.Find(context, caller.Id);
            if (existing is not null && existing.TakeHome == reflection.TakeHome && existing.Contribute == reflection.Contribute)
            {
                // A retry, or nothing edited.
                return;
            }

            Open(context, "change reflections");
            ReflectionStore.Save(context, caller.Id, reflection);
            context.Evidence(caller.Id, existing is null ? "submitted_reflection" : "edited_reflection", "reflection", caller.Id);
            context.Emit("reflection", ReflectionStore.Find(context, caller.Id)!, Audience.Person(caller.Id), mergeKey: "reflection");
        });
    }

    /// <summary>Closes the event (no more practices or reflection edits) or opens it again.</summary>
    public Task<Ack> SetClosed(Person caller, bool closed) =>
        writer.Change(caller.EventId, context =>
        {
            if (ReflectionStore.Status(context, context.EventId).Closed != closed)
            {
                ReflectionStore.SetClosed(context, closed);
                context.Emit("event.status", ReflectionStore.Status(context, context.EventId), mergeKey: "event.status");
                if (closed)
                {
                    Privacy.ProgressReleases.ReleaseAllAndSend(context);
                }
            }
        });

    private static void Open(WriteContext context, string action)
    {
        if (ReflectionStore.Status(context, context.EventId).Closed)
        {
            throw new Refusal(RefusalCode.Closed, $"The session is closed: you can no longer {action}.");
        }
    }
}
