using StakeholderHub.Access;
using StakeholderHub.Board;
using StakeholderHub.ContentFilter;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Polls;

/// <summary>
/// Polls and word clouds. The facilitator (or a stakeholder, for their own proposal or agenda item) prepares a poll
/// as a draft, opens, closes and reopens it; the facilitator puts one on the projector. One answer per person per
/// poll, changeable while it is open, and each answer is evidence. The results are counted from the stored answers
/// in the same change and sent with a merge key, so a storm of votes reaches the screens as at most one batch per
/// broadcast interval; who receives them follows the poll's results setting (<see cref="ResultsPublic"/>).
/// </summary>
public sealed class PollService(ChangeWriter writer)
{
    public Task<Ack> Create(Person caller, PollInput? input)
    {
        var poll = Check.NotNull(input, "poll").Checked();
        return writer.Create(caller.EventId, context =>
        {
            if (poll.RequestId is { } requestId && PollStore.FindByRequest(context, caller.Id, requestId) is { } existing)
            {
                return existing;
            }

            CheckSubject(context, caller, poll);
            var id = PollStore.Insert(context, caller.Id, poll);
            Changed(context, Existing(context, id));
            return id;
        });
    }

    public Task<Ack> Edit(Person caller, long pollId, PollInput? input)
    {
        var poll = Check.NotNull(input, "poll").Checked();
        return writer.Change(caller.EventId, context =>
        {
            Owned(context, caller, pollId, "edit");
            if (PollStore.HasAnswers(context, pollId))
            {
                Refusal.Invalid("This poll has answers already; make a new poll instead of changing this one.");
            }

            CheckSubject(context, caller, poll);
            PollStore.Update(context, pollId, poll);
            Changed(context, Existing(context, pollId));
        });
    }

    /// <summary>Opens a draft, or reopens a closed poll.</summary>
    public Task<Ack> Open(Person caller, long pollId) => SetStatus(caller, pollId, "open");

    public Task<Ack> Close(Person caller, long pollId) => SetStatus(caller, pollId, "closed");

    private Task<Ack> SetStatus(Person caller, long pollId, string status) =>
        writer.Change(caller.EventId, context =>
        {
            var poll = Owned(context, caller, pollId, status == "open" ? "open" : "close");
            if (poll.Status == status)
            {
                return;
            }

            if (status == "closed" && poll.Status == "draft")
            {
                Refusal.Invalid("This poll was never opened.");
            }

            PollStore.SetStatus(context, pollId, status);
            var now = Existing(context, pollId);
            Changed(context, now);
            ResultsChanged(context, now);
        });

    /// <summary>Puts a poll (open or closed) on the projector, or takes it off.</summary>
    public Task<Ack> Show(Person caller, long? pollId) =>
        writer.Change(caller.EventId, context =>
        {
            if (pollId is { } id && Existing(context, id).Status == "draft")
            {
                Refusal.Invalid("Open the poll before putting it on the screen.");
            }

            if (PollStore.Screen(context, context.EventId).PollId != pollId)
            {
                PollStore.SetScreen(context, pollId);
                context.Emit("poll.screen", new PollScreen(pollId), mergeKey: "poll.screen");
            }
        });

    public Task<Ack> Vote(Person caller, long pollId, PollVoteInput? input)
    {
        var vote = Check.NotNull(input, "vote");
        var answers = vote.Words is null ? null : CheckedWords(vote.Words);
        return writer.Change(caller.EventId, context =>
        {
            var poll = Existing(context, pollId);
            if (poll.Status == "draft")
            {
                Refusal.NotFound($"There is no poll {pollId} in this session.");
            }

            if (poll.Status == "closed")
            {
                throw new Refusal(RefusalCode.Closed, $"The poll \"{poll.Question}\" is closed: it takes no answers now.");
            }

            if (poll.Kind == "words")
            {
                if (answers is null)
                {
                    Refusal.Invalid("A word cloud is answered with words (words: up to three short answers).");
                }

                var before = PollStore.Words(context, pollId, caller.Id);
                var words = answers
                    .Select(answer => (Key: answer.Key, answer.Text,
                        Held: RoomFilter.Check(context, context.EventId, answer.Text, noLinks: true)))
                    .OrderBy(word => word.Key, StringComparer.Ordinal)
                    .ToList();
                if (before.Select(w => w.Text).SequenceEqual(words.Select(w => w.Text)))
                {
                    return;
                }

                PollStore.SetWords(context, pollId, caller.Id, words);
                context.Evidence(caller.Id, "answered_word_cloud", "poll", pollId);
            }
            else
            {
                var choices = CheckedChoices(poll, vote.Choices);
                if (PollStore.Choices(context, pollId, caller.Id).SequenceEqual(choices))
                {
                    // A retry, or the same answer again.
                    return;
                }

                PollStore.SetChoices(context, pollId, caller.Id, choices, ranked: poll.Kind == "ranking");
                context.Evidence(caller.Id, "answered_poll", "poll", pollId);
            }

            ResultsChanged(context, poll);
            MineChanged(context, pollId, caller.Id);
        });
    }

    /// <summary>Hides a group of a word cloud from everyone but the facilitator, or shows it again (letting in what the filter held of it).</summary>
    public Task<Ack> SetWordHidden(Person caller, long pollId, string? key, bool hidden)
    {
        var wordKey = WordKey.Of(Check.Line(key, "word", 1, PollKinds.MaxWordLength));
        return writer.Change(caller.EventId, context =>
        {
            var poll = Existing(context, pollId);
            if (poll.Kind != "words")
            {
                Refusal.Invalid("Only a word cloud has words to hide.");
            }

            var changed = PollStore.SetWordHidden(context, pollId, wordKey, hidden);
            if (!hidden)
            {
                foreach (var personId in PollStore.Release(context, pollId, wordKey))
                {
                    changed = true;
                    MineChanged(context, pollId, personId);
                }
            }

            if (changed)
            {
                ResultsChanged(context, poll);
            }
        });
    }

    /// <summary>Whether everyone may see a poll's results now: live while open, or once closed.</summary>
    public static bool ResultsPublic(Poll poll) =>
        poll.Status != "draft" && (poll.Results == "live" || (poll.Results == "closed" && poll.Status == "closed"));

    /// <summary>A poll's results as one person may see them, or null.</summary>
    public static PollResults? ResultsFor(IStoreReader sql, Poll poll, Person person)
    {
        var staff = person.Role == Role.Facilitator;
        if (!staff && poll.OwnerId != person.Id && !ResultsPublic(poll))
        {
            return null;
        }

        return poll.Kind == "words" ? PollStore.Cloud(sql, poll.Id, staff) : PollStore.Results(sql, poll);
    }

    /// <summary>Sends the poll to who may see it: a draft to its owner and the facilitator, else to everyone.</summary>
    private static void Changed(WriteContext context, Poll poll)
    {
        var key = $"poll:{poll.Id}";
        if (poll.Status == "draft")
        {
            context.Emit("poll", poll, Audience.Facilitator, key);
            context.Emit("poll", poll, Audience.Person(poll.OwnerId), key);
        }
        else
        {
            context.Emit("poll", poll, mergeKey: key);
        }
    }

    /// <summary>
    /// Sends the results to everyone when they are public, else to the owner; and the facilitator their own view (a
    /// cloud with its hidden and held words), last, so the facilitator ends with it.
    /// </summary>
    public static void ResultsChanged(WriteContext context, Poll poll)
    {
        var key = $"poll:{poll.Id}:results";
        if (poll.Status == "draft")
        {
            return;
        }

        var results = poll.Kind == "words" ? PollStore.Cloud(context, poll.Id, staff: false) : PollStore.Results(context, poll);
        context.Emit("poll.results", results, ResultsPublic(poll) ? Audience.Everyone : Audience.Person(poll.OwnerId), key);
        if (poll.Kind == "words")
        {
            context.Emit("poll.results", PollStore.Cloud(context, poll.Id, staff: true), Audience.Facilitator, key);
        }
        else if (!ResultsPublic(poll))
        {
            context.Emit("poll.results", results, Audience.Facilitator, key);
        }
    }

    private static void MineChanged(WriteContext context, long pollId, long personId) =>
        context.Emit("poll.mine", new PollVote(pollId, PollStore.Choices(context, pollId, personId), PollStore.Words(context, pollId, personId)),
            Audience.Person(personId), $"poll:{pollId}:mine");

    private static IReadOnlyList<int> CheckedChoices(Poll poll, int[]? given)
    {
        var choices = given ?? [];
        var n = poll.Options.Count;
        if (choices.Any(choice => choice < 0 || choice >= n))
        {
            Refusal.Invalid($"Each choice is the number of an option, from 0 to {n - 1}.");
        }

        if (choices.Distinct().Count() != choices.Length)
        {
            Refusal.Invalid("Choose each option at most once.");
        }

        switch (poll.Kind)
        {
            case "single" or "rating" when choices.Length != 1:
                Refusal.Invalid(poll.Kind == "rating" ? "Give one rating, from 1 to 5." : "Choose one option.");
                break;
            case "multiple" when choices.Length < 1 || choices.Length > poll.MaxChoices:
                Refusal.Invalid($"Choose from 1 to {poll.MaxChoices} options.");
                break;
            case "ranking" when choices.Length != n:
                Refusal.Invalid($"Rank all {n} options, the first one first.");
                break;
        }

        // Single and multiple choices are a set; a ranking keeps its order.
        return poll.Kind == "ranking" ? choices : choices.Order().ToArray();
    }

    private static IReadOnlyList<(string Key, string Text)> CheckedWords(string?[] given)
    {
        var words = given
            .Select(word => WordKey.Text(Check.Line(word, "answer", 1, PollKinds.MaxWordLength)))
            .Select(text => (Key: WordKey.Of(text), Text: text))
            .DistinctBy(word => word.Key)
            .ToList();
        if (words.Count is 0 or > PollKinds.MaxWords)
        {
            Refusal.Invalid($"Give from 1 to {PollKinds.MaxWords} answers.");
        }

        return words;
    }

    /// <summary>A stakeholder's poll belongs to their own proposal or the agenda item they present; the facilitator's to anything of the event, or nothing.</summary>
    private static void CheckSubject(WriteContext context, Person caller, CheckedPoll poll)
    {
        if (poll.ProposalId is { } proposalId
            && ProposalStore.State(context, context.EventId, proposalId) is var proposal
            && (proposal is null || (caller.Role != Role.Facilitator && proposal.OwnerId != caller.Id)))
        {
            if (proposal is null)
            {
                Refusal.NotFound($"There is no proposal {proposalId} in this session.");
            }

            Refusal.Forbidden("A stakeholder makes polls for their own proposals only.");
        }

        if (poll.AgendaItemId is { } itemId)
        {
            var presenter = PollStore.Presenter(context, context.EventId, itemId)
                ?? throw new Refusal(RefusalCode.NotFound, $"There is no agenda item {itemId} in this session.");
            if (caller.Role != Role.Facilitator && presenter != caller.Id)
            {
                Refusal.Forbidden("A stakeholder makes polls for the agenda items they present only.");
            }
        }

        if (caller.Role != Role.Facilitator && poll.ProposalId is null && poll.AgendaItemId is null)
        {
            Refusal.Invalid("Say which of your proposals (proposalId) or agenda items (agendaItemId) the poll is for.");
        }
    }

    /// <summary>The facilitator acts on every poll; a stakeholder on their own.</summary>
    private static Poll Owned(WriteContext context, Person caller, long pollId, string action)
    {
        var poll = Existing(context, pollId);
        if (caller.Role != Role.Facilitator && poll.OwnerId != caller.Id)
        {
            Refusal.Forbidden($"Only the poll's owner and the facilitator can {action} a poll.");
        }

        return poll;
    }

    private static Poll Existing(WriteContext context, long pollId) =>
        PollStore.Find(context, context.EventId, pollId)
            ?? throw new Refusal(RefusalCode.NotFound, $"There is no poll {pollId} in this session.");
}
