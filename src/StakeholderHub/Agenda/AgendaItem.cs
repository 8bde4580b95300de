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
    DateTimeOffset? EndedAt);

/// <summary>The whole queue in running order, and the item being presented now.</summary>
public sealed record EventAgenda(IReadOnlyList<AgendaItem> Items, long? CurrentId);

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
