namespace StakeholderHub.Polls;

/// <summary>A poll as those who may see it see it: a draft only its owner and the facilitator.</summary>
public sealed record Poll(
    long Id,
    long OwnerId,
    string Kind,
    string Question,
    IReadOnlyList<string> Options,
    int MaxChoices,
    string Results,
    string Status,
    long? ProposalId,
    long? AgendaItemId,
    DateTimeOffset CreatedAt);

/// <summary>
/// A poll's results: who voted, each option's count (a ranking: how many ranked it first) and points (a ranking:
/// options ranked higher earn more), and each option's percentage (of the voters; a ranking: of all points). A word
/// cloud has its words instead, the most frequent first.
/// </summary>
public sealed record PollResults(
    long Id,
    long Voters,
    IReadOnlyList<long> Counts,
    IReadOnlyList<long> Points,
    IReadOnlyList<double> Percents,
    IReadOnlyList<CloudWord> Words);

/// <summary>
/// One group of a word cloud: its key (the normalised answer), the text shown, how many gave it; for the
/// facilitator also whether it is hidden and, when the content filter holds answers of it, why.
/// </summary>
public sealed record CloudWord(string Key, string Text, long Count, bool Hidden = false, long Held = 0, string? HeldReason = null);

/// <summary>A person's own answer to a poll: the options chosen (a ranking: in order) or the words given.</summary>
public sealed record PollVote(long PollId, IReadOnlyList<int> Choices, IReadOnlyList<PollWordView> Words);

/// <summary>One's own word-cloud answer; <see cref="Waiting"/> while the content filter holds it for the facilitator.</summary>
public sealed record PollWordView(string Text, bool Waiting);

/// <summary>The poll on the projector, or none.</summary>
public sealed record PollScreen(long? PollId);

public static class PollKinds
{
    public static readonly string[] All = ["single", "multiple", "rating", "ranking", "words"];

    public static readonly string[] ResultModes = ["live", "closed", "never"];

    public const int MaxOptions = 10;

    public const int MaxWords = 3;

    public const int MaxWordLength = 40;
}

public sealed record PollInput(
    string? Kind,
    string? Question,
    string?[]? Options,
    int? MaxChoices,
    string? Results,
    long? ProposalId,
    long? AgendaItemId,
    string? RequestId)
{
    public CheckedPoll Checked()
    {
        if (!PollKinds.All.Contains(Kind))
        {
            Refusal.Invalid($"The kind of poll must be one of: {string.Join(", ", PollKinds.All)}.");
        }

        var results = Results ?? "live";
        if (!PollKinds.ResultModes.Contains(results))
        {
            Refusal.Invalid($"The results must be shown one of these ways: {string.Join(", ", PollKinds.ResultModes)}.");
        }

        var question = Check.Line(Question, "question", 1, 200);
        IReadOnlyList<string> options = Kind switch
        {
            "rating" => ["1", "2", "3", "4", "5"],
            "words" => [],
            _ => Check.List(Options, "options", PollKinds.MaxOptions, option => Check.Line(option, "option", 1, 80)),
        };
        if (Kind is "single" or "multiple" or "ranking" && options.Count < 2)
        {
            Refusal.Invalid("A poll needs at least two different options.");
        }

        var max = Kind == "multiple" ? Check.Range(MaxChoices ?? options.Count, "most options one may choose", 1, options.Count) : 1;
        return new CheckedPoll(Kind!, question, options, max, results, ProposalId, AgendaItemId,
            Check.Line(RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null);
    }
}

public sealed record CheckedPoll(
    string Kind, string Question, IReadOnlyList<string> Options, int MaxChoices, string Results, long? ProposalId,
    long? AgendaItemId, string? RequestId);

/// <summary>A vote: the options chosen (single, multiple), the rating (one option, 0 for 1 … 4 for 5), the options in order (ranking), or the words (a word cloud).</summary>
public sealed record PollVoteInput(int[]? Choices, string?[]? Words);
