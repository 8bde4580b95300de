using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.ContentFilter;

/// <summary>The facilitator's own words for the event's filter; they go to the facilitator alone.</summary>
public sealed class FilterService(ChangeWriter writer)
{
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
