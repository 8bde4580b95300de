namespace StakeholderHub.Agenda;

/// <summary>One item of the presentations queue as every client sees it.</summary>
public sealed record AgendaItem(
    long Id,
    int Position,
    string Title,
    string Presenter,
    string Organisation,
    string Kind,
    int PlannedMinutes,
    long? StakeholderId,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<Pitch> Pitches);

/// <summary>
/// The whole queue in running order, the item being presented now and, within it, the pitch; the session's planned
/// start and end (set by the facilitator), against which the pages show the agenda's planned end.
/// </summary>
public sealed record EventAgenda(
    IReadOnlyList<AgendaItem> Items,
    long? CurrentId,
    long? CurrentPitchId,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt);

/// <summary>
/// One short timed pitch inside an agenda item: a cooperation proposal (its title and owner are the proposal's) or a
/// platform slot (a title of its own), with its speaker and minutes, run like an agenda item.
/// </summary>
public sealed record Pitch(
    long Id,
    long AgendaItemId,
    int Position,
    string Title,
    long? ProposalId,
    long? SpeakerId,
    string Speaker,
    int PlannedMinutes,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? EndedAt);

/// <summary>What the facilitator sends to add or edit a pitch: a proposal, or a title; the speaker by id or by name.</summary>
public sealed record PitchInput(string? Title, long? ProposalId, long? SpeakerId, string? Speaker, int PlannedMinutes)
{
    public PitchInput Checked()
    {
        var title = Check.Line(Title, "title", 0, 120);
        if (ProposalId is null && title.Length == 0)
        {
            Refusal.Invalid("A pitch is a proposal (proposalId) or a slot with a title.");
        }

        return new PitchInput(title, ProposalId, SpeakerId, Check.Line(Speaker, "speaker", 0, 80), Check.Range(PlannedMinutes, "planned minutes", 1, 60));
    }
}

/// <summary>What the projector shows: chosen by the facilitator, or (auto) following the run of show.</summary>
public sealed record Projector(string Mode, string Qr, bool Pinned)
{
    public static readonly string[] Modes = ["auto", "board", "spotlight", "question", "qr", "blank"];

    public static readonly string[] QrSizes = ["shown", "small", "hidden"];
}

/// <summary>What the facilitator sends to choose the projector's mode and its QR panel.</summary>
public sealed record ProjectorInput(string? Mode, string? Qr);

/// <summary>The session's planned start and end (either may be null), for the agenda's planned end and the calendar file.</summary>
public sealed record ScheduleInput(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

/// <summary>What the facilitator sends to add or edit an item.</summary>
public sealed record AgendaItemInput(string? Title, string? Presenter, string? Organisation, string? Kind, int PlannedMinutes, long? StakeholderId = null)
{
    public static readonly string[] Kinds = ["talk", "proposals", "platform", "discussion", "reflection", "break"];

    public AgendaItemInput Checked()
    {
        if (!Kinds.Contains(Kind))
        {
            Refusal.Invalid($"The kind must be one of: {string.Join(", ", Kinds)}.");
        }

        return new AgendaItemInput(
            Check.Line(Title, "title", 1, 120),
            Check.Line(Presenter, "presenter", 0, 80),
            Check.Line(Organisation, "organisation", 0, 120),
            Kind,
            Check.Range(PlannedMinutes, "planned minutes", 1, 240),
            StakeholderId);
    }
}
