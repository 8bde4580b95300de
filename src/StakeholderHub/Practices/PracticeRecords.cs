namespace StakeholderHub.Practices;

/// <summary>A good practice on the wall: how the author's organisation values non-formal learning.</summary>
public sealed record Practice(
    long Id,
    string Title,
    string Text,
    string AuthorName,
    string AuthorOrganisation,
    bool Hidden,
    DateTimeOffset CreatedAt,
    string? HeldFor = null);

public sealed record PracticeRemoved(long Id);

public sealed record PracticeInput(string? Title, string? Text, string? RequestId)
{
    public CheckedPractice Checked() => new(
        Check.Line(Title, "title", 1, 120),
        Check.Text(Text, "practice", 1, 1500),
        Check.Line(RequestId, "request id", 0, 64) is { Length: > 0 } id ? id : null);
}

public sealed record CheckedPractice(string Title, string Text, string? RequestId);

/// <summary>A participant's own reflection: what they take home, and how their organisation could contribute.</summary>
public sealed record Reflection(string TakeHome, string Contribute, DateTimeOffset UpdatedAt);

public sealed record ReflectionInput(string? TakeHome, string? Contribute)
{
    public ReflectionInput Checked() => new(
        Check.Text(TakeHome, "reflection (what you take home)", 1, 1500),
        Check.Text(Contribute, "reflection (how your organisation could contribute)", 0, 1500));
}

/// <summary>Whether the event still takes practices and reflections.</summary>
public sealed record EventStatus(bool Closed, DateTimeOffset? ClosedAt);
