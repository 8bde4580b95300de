namespace StakeholderHub.Badges.Credentials;

/// <summary>Everything one issued EcoSystem Explorer badge says, in the words of the hub (no JSON yet).</summary>
/// <param name="CredentialId">Unguessable url-safe id; the credential's public URL is built from it.</param>
/// <param name="BaseUrl">Public origin of the hub (kept for the caller; the URLs come from <see cref="BadgeUrls"/>).</param>
/// <param name="RecipientEmail">
/// Never written out: only its salted hash is (see <see cref="RecipientIdentity"/>). The hub itself gives an empty one
/// and the hash in <see cref="RecipientHash"/>, so that the address is in no stored issue (docs/privacy.md).
/// </param>
/// <param name="Salt">The salt of the recipient's identity hash.</param>
public sealed record BadgeIssue(
    string CredentialId,
    Uri BaseUrl,
    long EventId,
    string EventName,
    string EventCode,
    string RecipientName,
    string RecipientEmail,
    string Salt,
    DateTimeOffset IssuedOn,
    IReadOnlyList<EvidenceItem> Evidence)
{
    /// <summary>The achievement's criteria in words; the default states the default rule.</summary>
    public string CriteriaNarrative { get; init; } = EcosystemExplorer.DefaultCriteriaNarrative;

    /// <summary>The credential's place in the status list (<see cref="Credentials.StatusList"/>); none for a badge issued before there was one.</summary>
    public long? StatusIndex { get; init; }

    /// <summary>The recipient's salted hash when the address itself is not kept.</summary>
    public string? RecipientHash { get; init; }

    /// <summary>The identity hash the credential and the assertion carry.</summary>
    public string Identity() => RecipientHash ?? RecipientIdentity.Hash(RecipientEmail, Salt);
}
