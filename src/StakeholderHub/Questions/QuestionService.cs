using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Questions;

/// <summary>
/// Live Q&A. Who sees a question follows its status (docs/protocol.md, Q&A): a published question goes to everyone;
/// a pending or dismissed one only to the facilitator, and to its asker as pending. An anonymous asker's name is in
/// no message at all; who asked is kept in the evidence.
/// </summary>
public sealed class QuestionService(ChangeWriter writer)
{
    public Task<Ack> Ask(Person caller, QuestionInput? input)
    {
        Asker(caller, "ask questions");
        var question = Check.NotNull(input, "question").Checked();
        return writer.Write(context =>
        {
            if (question.RequestId is { } requestId && QuestionStore.FindByRequest(context, caller.Id, requestId) is { } existing)
            {
                return new Ack(Version(context, caller.EventId), existing);
            }

            CheckTarget(context, caller.EventId, question);
            var moderated = QuestionStore.Settings(context.Connection, context.Transaction, caller.EventId).Moderation;
            var id = QuestionStore.Insert(context, caller.EventId, caller.Id, question, moderated ? "pending" : "published");
            context.Evidence(caller.EventId, caller.Id, "asked_question", "question", id, question.Anonymous ? "anonymous" : "named");
            Changed(context, caller.EventId, Existing(context, caller.EventId, id));
            MineStore.Emit(context, caller.EventId, caller.Id);
            return new Ack(context.Version(caller.EventId), id);
        });
    }

    public Task<Ack> Upvote(Person caller, long questionId)
    {
        Asker(caller, "upvote questions");
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            var question = Published(context, caller, questionId);
            if (question.PersonId == caller.Id)
            {
                Refusal.Invalid("You cannot upvote your own question.");
            }

            if (!QuestionStore.AddVote(context, questionId, caller.Id))
            {
                return new Ack(Version(context, caller.EventId));
            }

            context.Evidence(caller.EventId, caller.Id, "upvoted_question", "question", questionId);
            return CountsChanged(context, caller, questionId);
        });
    }

    public Task<Ack> Withdraw(Person caller, long questionId)
    {
        Asker(caller, "upvote questions");
        return writer.Write(context =>
        {
            context.LockEvent(caller.EventId);
            Published(context, caller, questionId);
            if (!QuestionStore.RemoveVote(context, questionId, caller.Id))
            {
                return new Ack(Version(context, caller.EventId));
            }

            context.Evidence(caller.EventId, caller.Id, "withdrew_question_upvote", "question", questionId);
            return CountsChanged(context, caller, questionId);
        });
    }

    public Task<Ack> Publish(Person caller, long questionId)
    {
        caller.Require(Role.Facilitator, "moderate questions");
        return writer.Write(context =>
        {
            var question = Existing(context, caller.EventId, questionId);
            switch (question.Status)
            {
                case "published":
                    return new Ack(Version(context, caller.EventId));
                case "dismissed":
                    Refusal.Invalid("This question was dismissed; restore it first.");
                    break;
            }

            QuestionStore.SetStatus(context, questionId, "published", null);
            Changed(context, caller.EventId, Existing(context, caller.EventId, questionId));
            return new Ack(context.Version(caller.EventId));
        });
    }

    public Task<Ack> Dismiss(Person caller, long questionId)
    {
        caller.Require(Role.Facilitator, "moderate questions");
        return writer.Write(context =>
        {
            var question = Existing(context, caller.EventId, questionId);
            if (question.Status == "dismissed")
            {
                return new Ack(Version(context, caller.EventId));
            }

            QuestionStore.SetStatus(context, questionId, "dismissed", question.Status);
            // A dismissed question no longer counts towards its asker's badge.
            context.Touch(caller.EventId, question.PersonId);
            if (question.Status == "published")
            {
                context.Emit(caller.EventId, "question.removed", new QuestionRemoved(questionId), mergeKey: Key(questionId));
            }

            Changed(context, caller.EventId, Existing(context, caller.EventId, questionId));
            if (QuestionStore.Screen(context.Connection, context.Transaction, caller.EventId).QuestionId == questionId)
            {
                SetScreen(context, caller.EventId, null);
            }

            return new Ack(context.Version(caller.EventId));
        });
    }

    public Task<Ack> Restore(Person caller, long questionId)
    {
        caller.Require(Role.Facilitator, "moderate questions");
        return writer.Write(context =>
        {
            var question = Existing(context, caller.EventId, questionId);
            if (question.Status != "dismissed")
            {
                return new Ack(Version(context, caller.EventId));
            }

            QuestionStore.SetStatus(context, questionId, question.DismissedFrom ?? "pending", null);
            context.Touch(caller.EventId, question.PersonId);
            Changed(context, caller.EventId, Existing(context, caller.EventId, questionId));
            return new Ack(context.Version(caller.EventId));
        });
    }

    /// <summary>Puts a question on the projector (publishing it if it was pending), or clears the screen.</summary>
    public Task<Ack> Show(Person caller, long? questionId)
    {
        caller.Require(Role.Facilitator, "choose the question on the screen");
        return writer.Write(context =>
        {
            var onScreen = QuestionStore.Screen(context.Connection, context.Transaction, caller.EventId).QuestionId;
            if (questionId is { } id)
            {
                var question = Existing(context, caller.EventId, id);
                if (question.Status == "dismissed")
                {
                    Refusal.Invalid("This question was dismissed; restore it before putting it on the screen.");
                }

                if (question.Status == "pending")
                {
                    QuestionStore.SetStatus(context, id, "published", null);
                    Changed(context, caller.EventId, Existing(context, caller.EventId, id));
                }
            }

            if (onScreen == questionId && context.Changes.Count == 0)
            {
                return new Ack(Version(context, caller.EventId));
            }

            SetScreen(context, caller.EventId, questionId);
            return new Ack(context.Version(caller.EventId));
        });
    }

    public Task<Ack> Answer(Person caller, long questionId, AnswerInput? input)
    {
        if (caller.Role is not (Role.Stakeholder or Role.Facilitator))
        {
            Refusal.Forbidden("Only the stakeholder a question is addressed to and the facilitator can answer it.");
        }

        var answer = Check.NotNull(input, "answer").Checked();
        return writer.Write(context =>
        {
            var question = caller.Role == Role.Facilitator ? Existing(context, caller.EventId, questionId) : Published(context, caller, questionId);
            if (caller.Role == Role.Stakeholder && QuestionStore.Addressee(context, question) != caller.Id)
            {
                Refusal.Forbidden("This question is not addressed to you; the stakeholder it is for or the facilitator answers it.");
            }

            QuestionStore.SetAnswer(context, questionId, answer, caller.Id);
            Changed(context, caller.EventId, Existing(context, caller.EventId, questionId));
            return new Ack(context.Version(caller.EventId));
        });
    }

    public Task<Ack> SetModeration(Person caller, bool on)
    {
        caller.Require(Role.Facilitator, "change moderation");
        return writer.Write(context =>
        {
            if (QuestionStore.Settings(context.Connection, context.Transaction, caller.EventId).Moderation == on)
            {
                return new Ack(Version(context, caller.EventId));
            }

            QuestionStore.SetModeration(context, caller.EventId, on);
            context.Emit(caller.EventId, "settings", QuestionStore.Settings(context.Connection, context.Transaction, caller.EventId), mergeKey: "settings");
            return new Ack(context.Version(caller.EventId));
        });
    }

    /// <summary>
    /// Sends a question's new state to whoever may see it: everyone when published; otherwise the facilitator, and
    /// the asker as pending. Everyone's entry goes first, so the facilitator ends with its own view.
    /// </summary>
    private static void Changed(WriteContext context, long eventId, QuestionStore.Row question)
    {
        if (question.Status == "published")
        {
            context.Emit(eventId, "question", question.View(), mergeKey: Key(question.Id));
            return;
        }

        context.Emit(eventId, "question", question.View(), Audience.Facilitator, Key(question.Id));
        context.Emit(eventId, "question", question.Asker(), Audience.Person(question.PersonId), Key(question.Id));
    }

    private static Ack CountsChanged(WriteContext context, Person caller, long questionId)
    {
        var question = Existing(context, caller.EventId, questionId);
        context.Emit(caller.EventId, "question.counts", new QuestionCounts(questionId, question.Upvotes), mergeKey: $"{Key(questionId)}:counts");
        MineStore.Emit(context, caller.EventId, caller.Id);
        return new Ack(context.Version(caller.EventId));
    }

    private static void SetScreen(WriteContext context, long eventId, long? questionId)
    {
        QuestionStore.SetScreen(context, eventId, questionId);
        context.Emit(eventId, "screen", new Screen(questionId), mergeKey: "screen");
    }

    private static string Key(long questionId) => $"question:{questionId}";

    private static void Asker(Person caller, string action)
    {
        if (caller.Role is not (Role.Participant or Role.Stakeholder))
        {
            Refusal.Forbidden($"Only participants and stakeholders can {action}.");
        }
    }

    private static void CheckTarget(WriteContext context, long eventId, CheckedQuestion question)
    {
        switch (question.TargetKind)
        {
            case "agenda" when AgendaStore.Find(context, eventId, question.TargetId!.Value) is null:
                Refusal.NotFound($"There is no agenda item {question.TargetId} in this session.");
                break;
            case "proposal":
                ProposalService.Existing(context, eventId, question.TargetId!.Value);
                break;
        }
    }

    private static QuestionStore.Row Existing(WriteContext context, long eventId, long questionId) =>
        QuestionStore.Find(context, eventId, questionId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no question {questionId} in this session.");

    /// <summary>A question others than the facilitator may act on: published. Any other looks like no question at all.</summary>
    private static QuestionStore.Row Published(WriteContext context, Person caller, long questionId)
    {
        var question = Existing(context, caller.EventId, questionId);
        if (question.Status != "published")
        {
            Refusal.NotFound($"There is no question {questionId} in this session.");
        }

        return question;
    }

    private static long Version(WriteContext context, long eventId) =>
        EventStore.Version(context.Connection, context.Transaction, eventId);
}
