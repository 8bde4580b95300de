using StakeholderHub.Access;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Practices;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.ContentFilter;

/// <summary>
/// The facilitator's own words for the event's filter (they go to the facilitator alone), and the facilitator's
/// answer to a name the filter held at check-in.
/// </summary>
public sealed class FilterService(ChangeWriter writer)
{
    /// <summary>
    /// Lets a held name into the room: everything that shows it (proposals, named questions, practices, memberships)
    /// is sent again, so the placeholder turns into the name on every screen live.
    /// </summary>
    public Task<Ack> ApproveName(Person caller, long personId) =>
        writer.Change(caller.EventId, context =>
        {
            if (Someone(context, personId).NameHeldFor is null)
            {
                return;
            }

            EventStore.SetNameHeld(context, personId, null);
            context.Reread(personId);
            PersonChanged(context, personId);
            ProposalService.ResendNamed(context, personId);
            QuestionService.ResendNamed(context, personId);
            foreach (var practice in PracticeStore.SharedBy(context, context.EventId, personId).Where(p => !p.Hidden))
            {
                context.Emit("practice", practice.View());
            }
        });

    /// <summary>The facilitator's no to a held name: the room keeps seeing the placeholder.</summary>
    public Task<Ack> RejectName(Person caller, long personId) =>
        writer.Change(caller.EventId, context =>
        {
            var person = Someone(context, personId);
            if (person.NameHeldFor is null || person.NameRejected)
            {
                return;
            }

            EventStore.RejectName(context, personId);
            context.Reread(personId);
            PersonChanged(context, personId);
        });

    private static Person Someone(WriteContext context, long personId) =>
        EventStore.FindPerson(context, personId) is { } person && person.EventId == context.EventId
            ? person
            : throw new Refusal(RefusalCode.NotFound, $"There is no person {personId} in this session.");

    /// <summary>The person as the facilitator sees them now, and as they see themselves.</summary>
    public static void PersonChanged(WriteContext context, long personId)
    {
        var person = EventStore.FindPerson(context, personId)!;
        context.Emit("person.joined", person, Audience.Facilitator);
        context.Emit("person.joined", person.Self(), Audience.Person(personId));
    }

    public Task<Ack> Add(Person caller, string? word)
    {
        var checkedWord = Checked(word);
        return writer.Change(caller.EventId, context =>
        {
            if (FilterStore.Add(context, checkedWord))
            {
                Emit(context);
            }
        });
    }

    public Task<Ack> Remove(Person caller, string? word)
    {
        var checkedWord = Checked(word);
        return writer.Change(caller.EventId, context =>
        {
            if (FilterStore.Remove(context, checkedWord))
            {
                Emit(context);
            }
        });
    }

    private static string Checked(string? word)
    {
        var text = Check.Line(word, "filter word", 1, 60);
        return string.Join(' ', RoomFilter.Words(text)) is { Length: > 0 } folded
            ? folded
            : throw new Refusal(RefusalCode.Invalid, "A filter word needs at least one letter or digit.");
    }

    private static void Emit(WriteContext context) =>
        context.Emit("filter.words", new FilterWords(FilterStore.Words(context, context.EventId)), Audience.Facilitator, "filter.words");
}

/// <summary>The facilitator's own words for the event's filter.</summary>
public sealed record FilterWords(IReadOnlyList<string> Words);
