using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Board;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Questions;

/// <summary>
/// Live Q&A. Who sees a question follows its status (docs/protocol.md, Q&A): a published question goes to everyone;
/// a pending or dismissed one only to the facilitator and the moderators, and to its asker as pending. An anonymous asker's name is in
/// no message at all; who asked is kept in the evidence.
/// </summary>
public sealed class QuestionService(ChangeWriter writer)
{
    public Task<Ack> Ask(Person caller, QuestionInput? input)
    {
        var question = Check.NotNull(input, "question").Checked();
        return writer.Create(caller.EventId, context =>
        {
            if (question.RequestId is { } requestId && QuestionStore.FindByRequest(context, caller.Id, requestId) is { } existing)
            {
                return existing;
            }

            question = Resolved(context, question);
            CheckTarget(context, question);
            var moderated = QuestionStore.Settings(context, context.EventId).Moderation;
            // The content filter holds a hit for the facilitator even with moderation off.
            var held = RoomFilter.Check(context, context.EventId, question.Text, noLinks: true)
                ?? (QuestionStore.AskedBefore(context, caller.Id, question.Text) ? "repeated" : null);
            var id = QuestionStore.Insert(context, caller.Id, question, moderated || held is not null ? "pending" : "published");
            if (held is not null)
            {
                QuestionStore.SetHeld(context, id, held);
            }

            context.Evidence(caller.Id, "asked_question", "question", id, question.Anonymous ? "anonymous" : "named");
            Changed(context, Existing(context, id));
            MineStore.EmitQuestion(context, caller.Id, id);
            return id;
        });
    }

    public Task<Ack> Upvote(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            var question = Published(context, questionId);
            if (question.PersonId == caller.Id)
            {
                Refusal.Invalid("You cannot upvote your own question.");
            }

            if (QuestionStore.AddVote(context, questionId, caller.Id))
            {
                context.Evidence(caller.Id, "upvoted_question", "question", questionId);
                CountsChanged(context, caller, questionId);
            }
        });

    public Task<Ack> Withdraw(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            Published(context, questionId);
            if (QuestionStore.RemoveVote(context, questionId, caller.Id))
            {
                context.Evidence(caller.Id, "withdrew_question_upvote", "question", questionId);
                CountsChanged(context, caller, questionId);
            }
        });

    public Task<Ack> Publish(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            switch (Existing(context, questionId).Status)
            {
                case "published":
                    return;
                case "dismissed":
                    Refusal.Invalid("This question was dismissed; restore it first.");
                    break;
            }

            QuestionStore.SetStatus(context, questionId, "published", null);
            Changed(context, Existing(context, questionId));
        });

    public Task<Ack> Dismiss(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            var question = Existing(context, questionId);
            if (question.Status == "dismissed")
            {
                return;
            }

            QuestionStore.SetStatus(context, questionId, "dismissed", question.Status);
            // A dismissed question no longer counts towards its asker's badge.
            context.Touch(question.PersonId, question.IsAnonymous);
            if (question.Status == "published")
            {
                context.Emit("question.removed", new QuestionRemoved(questionId), mergeKey: Key(questionId));
            }

            Changed(context, Existing(context, questionId));
            if (QuestionStore.Screen(context, context.EventId).QuestionId == questionId)
            {
                SetScreen(context, null);
            }
        });

    public Task<Ack> Restore(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            var question = Existing(context, questionId);
            if (question.Status != "dismissed")
            {
                return;
            }

            QuestionStore.SetStatus(context, questionId, question.DismissedFrom ?? "pending", null);
            context.Touch(question.PersonId, question.IsAnonymous);
            Changed(context, Existing(context, questionId));
        });

    /// <summary>Puts a question on the projector (publishing it if it was pending), or clears the screen.</summary>
    public Task<Ack> Show(Person caller, long? questionId) =>
        writer.Change(caller.EventId, context =>
        {
            var onScreen = QuestionStore.Screen(context, context.EventId).QuestionId;
            if (questionId is { } id)
            {
                var question = Existing(context, id);
                if (question.Status == "dismissed")
                {
                    Refusal.Invalid("This question was dismissed; restore it before putting it on the screen.");
                }

                if (question.Status == "pending")
                {
                    QuestionStore.SetStatus(context, id, "published", null);
                    Changed(context, Existing(context, id));
                }
            }

            if (onScreen != questionId || context.Changes.Count > 0)
            {
                SetScreen(context, questionId);
            }
        });

    public Task<Ack> Answer(Person caller, long questionId, AnswerInput? input)
    {
        var answer = Check.NotNull(input, "answer").Checked();
        return writer.Change(caller.EventId, context =>
        {
            // The facilitator and the moderators answer any question; a stakeholder the published ones addressed to them.
            var staff = caller.Role is Role.Facilitator or Role.Moderator;
            var question = staff ? Existing(context, questionId) : Published(context, questionId);
            if (!staff && QuestionStore.Addressee(context, question) != caller.Id)
            {
                Refusal.Forbidden("This question is not addressed to you; the stakeholder it is for or the facilitator answers it.");
            }

            QuestionStore.SetAnswer(context, questionId, answer, caller.Id);
            Changed(context, Existing(context, questionId));
        });
    }

    public Task<Ack> SetModeration(Person caller, bool on) =>
        writer.Change(caller.EventId, context =>
        {
            if (QuestionStore.Settings(context, context.EventId).Moderation != on)
            {
                QuestionStore.SetModeration(context, on);
                context.Emit("settings", QuestionStore.Settings(context, context.EventId), mergeKey: "settings");
            }
        });

    /// <summary>
    /// Sends a question's new state to whoever may see it: everyone when published; otherwise the facilitator, and
    /// the asker as pending. Everyone's entry goes first, so the facilitator ends with its own view.
    /// </summary>
    public static void Changed(WriteContext context, QuestionStore.Row question)
    {
        if (question.Status == "published")
        {
            context.Emit("question", question.View(), mergeKey: Key(question.Id));
            return;
        }

        context.Emit("question", question.View(), Audience.Moderation, Key(question.Id));
        context.Emit("question", question.Asker(), Audience.Person(question.PersonId), Key(question.Id));
    }

    /// <summary>Sends again a person's named questions, to whoever may see each: their name was approved.</summary>
    public static void ResendNamed(WriteContext context, long personId)
    {
        foreach (var question in QuestionStore.AskedBy(context, context.EventId, personId).Where(q => !q.IsAnonymous))
        {
            Changed(context, question);
        }
    }

    private static void CountsChanged(WriteContext context, Person caller, long questionId)
    {
        var question = Existing(context, questionId);
        context.Emit("question.counts", new QuestionCounts(questionId, question.Upvotes), mergeKey: $"{Key(questionId)}:counts");
        MineStore.EmitQuestion(context, caller.Id, questionId);
    }

    /// <summary>Takes the question off the screen, if one is on it (the run of show moved on).</summary>
    public static void ClearScreen(WriteContext context)
    {
        if (QuestionStore.Screen(context, context.EventId).QuestionId is not null)
        {
            SetScreen(context, null);
        }
    }

    private static void SetScreen(WriteContext context, long? questionId)
    {
        QuestionStore.SetScreen(context, questionId);
        context.Emit("screen", new Screen(questionId), mergeKey: "screen");
    }

    private static string Key(long questionId) => $"question:{questionId}";

    /// <summary>
    /// A question asked to "now" goes to what is on stage when it arrives (the server's clock, not the page's): the
    /// proposal being pitched, else the agenda item being presented (its speaker answers), else the room.
    /// </summary>
    private static CheckedQuestion Resolved(WriteContext context, CheckedQuestion question)
    {
        if (question.TargetKind != "now")
        {
            return question;
        }

        if (PitchStore.Current(context, context.EventId) is { ProposalId: { } proposalId })
        {
            return question with { TargetKind = "proposal", TargetId = proposalId };
        }

        return AgendaStore.Current(context, context.EventId) is { } item
            ? question with { TargetKind = "agenda", TargetId = item.Id }
            : question with { TargetKind = "room", TargetId = null };
    }

    private static void CheckTarget(WriteContext context, CheckedQuestion question)
    {
        switch (question.TargetKind)
        {
            case "agenda" when AgendaStore.Find(context, context.EventId, question.TargetId!.Value) is null:
                Refusal.NotFound($"There is no agenda item {question.TargetId} in this session.");
                break;
            case "proposal":
                ProposalService.Existing(context, context.EventId, question.TargetId!.Value);
                break;
        }
    }

    private static QuestionStore.Row Existing(WriteContext context, long questionId) =>
        QuestionStore.Find(context, context.EventId, questionId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no question {questionId} in this session.");

    /// <summary>A question others than the facilitator may act on: published. Any other looks like no question at all.</summary>
    private static QuestionStore.Row Published(WriteContext context, long questionId)
    {
        var question = Existing(context, questionId);
        if (question.Status != "published")
        {
            Refusal.NotFound($"There is no question {questionId} in this session.");
        }

        return question;
    }
}
