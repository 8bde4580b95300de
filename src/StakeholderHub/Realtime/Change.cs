using System.Text.Json;
using System.Text.Json.Serialization;

namespace StakeholderHub.Realtime;

public enum AudienceKind
{
    Everyone,
    Facilitator,
    Person,

    /// <summary>The facilitator and the moderators: what moderating the Q&A and the practice wall needs, and nothing personal.</summary>
    Moderation,
}

/// <summary>
/// Who may see an entry: everyone in the event, the facilitator, the facilitator and the moderators (moderation), or
/// one person (a proposal's owner, a question's asker).
/// </summary>
public readonly record struct Audience(AudienceKind Kind, long PersonId = 0)
{
    public static readonly Audience Everyone = new(AudienceKind.Everyone);

    public static readonly Audience Facilitator = new(AudienceKind.Facilitator);

    public static readonly Audience Moderation = new(AudienceKind.Moderation);

    public static Audience Person(long personId) => new(AudienceKind.Person, personId);
}

/// <summary>One entry of a change as clients receive it. Every entry of one transaction shares its version.</summary>
public sealed record Change(long Version, string Kind, JsonElement Data);

/// <summary>A change as the server keeps it: the entry plus who may see it and what newer entries replace it.</summary>
public sealed record StoredChange(long EventId, Change Change, Audience Audience, string? MergeKey);

/// <summary>
/// Every change of an event with <c>From &lt; version &lt;= To</c> that the receiver may see, in version order;
/// entries that only restate newer state are merged into the newest.
/// </summary>
public sealed record ChangeBatch(
    long EventId,
    long From,
    long To,
    DateTimeOffset ServerTime,
    [property: JsonConverter(typeof(ChangeListConverter))] IReadOnlyList<Change> Changes);

/// <summary>The answer to a change: the version it was committed as, and the id of anything it created.</summary>
public sealed record Ack(long Version, long? Id = null);
