namespace StakeholderHub.Questions;

/// <summary>
/// What a question is asked to: the room, an agenda item, or a proposal; "now" (asking only) is what is on stage when
/// the question arrives: the proposal being pitched, else the item being presented, else the room.
/// </summary>
public sealed record QuestionTarget(string? Kind, long? Id)
{
    public static readonly string[] Kinds = ["room", "agenda", "proposal", "now"];
}

/// <summary>
/// A question as one receiver may see it. <see cref="HeldFor"/>: why the content filter held it (the facilitator's
/// view of a question not published; docs/protocol.md). For an anonymous question the asker's name and organisation are null in
/// every view, the facilitator's included.
/// </summary>
public sealed record Question(
    long Id,
    string Text,
    QuestionTarget Target,
    bool Anonymous,
    string? AskerName,
    string? AskerOrganisation,
    string Status,
    long Upvotes,
    Answer? Answer,
    DateTimeOffset CreatedAt,
    string? HeldFor = null);

public sealed record Answer(string? Text, bool Live, string ByName, DateTimeOffset At);

public sealed record QuestionCounts(long Id, long Upvotes);

public sealed record QuestionRemoved(long Id);

public sealed record Screen(long? QuestionId);

public sealed record Settings(bool Moderation);

public sealed record QuestionInput(string? Text, QuestionTarget? Target, bool Anonymous, string? RequestId)
{
    public CheckedQuestion Checked()
    {
        var text = Check.Text(Text, "question", 1, 500);
        var target = Target ?? new QuestionTarget("room", null);
        if (!QuestionTarget.Kinds.Contains(target.Kind))
        {
            Refusal.Invalid($"A question is asked to one of: {string.Join(", ", QuestionTarget.Kinds)}.");
        }

        if (target.Kind is not ("room" or "now") && target.Id is null)
        {
            Refusal.Invalid($"Say which {(target.Kind == "agenda" ? "agenda item" : "proposal")} the question is for (target.id).");
        }

        return new CheckedQuestion(
            text,
            target.Kind!,
            target.Kind is "room" or "now" ? null : target.Id,
            Anonymous,
            Check.Line(RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null);
    }
}

public sealed record CheckedQuestion(string Text, string TargetKind, long? TargetId, bool Anonymous, string? RequestId);

/// <summary>A written answer (<c>live: false</c>, text required) or "answered live" (text optional).</summary>
public sealed record AnswerInput(string? Text, bool Live)
{
    public AnswerInput Checked() => new(Check.Text(Text, "answer", Live ? 0 : 1, 2000) is { Length: > 0 } text ? text : null, Live);
}
