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

/// <summary>
/// A change as the server keeps it: the entry plus who may see it and what newer entries replace it;
/// <paramref name="AnsweredOn"/>: the connection whose answer (<see cref="Ack.Changes"/>) already carried it, which
/// the broadcaster then leaves out of that connection's <c>Own</c> batch.
/// </summary>
public sealed record StoredChange(long EventId, Change Change, Audience Audience, string? MergeKey, string? AnsweredOn = null);

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

/// <summary>
/// The answer to a change: the version it was committed as, the id of anything it created, and the caller's own
/// entries of it (their `mine`, progress, their view of what they made), which the broadcaster does not send to the
/// calling connection again. Absent when the change has none for the caller.
/// </summary>
public sealed record Ack(
    long Version,
    long? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(ChangeListConverter))] IReadOnlyList<Change>? Changes = null);
