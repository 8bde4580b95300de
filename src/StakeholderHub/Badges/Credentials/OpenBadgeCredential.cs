using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// The unsigned Open Badges 3.0 <c>OpenBadgeCredential</c> (a W3C VC 2.0 credential) of one EcoSystem Explorer
/// badge. Every property name is a term of the two contexts it names, and its shape passes the official
/// achievementcredential JSON Schema (see the tests).
/// </summary>
public static class OpenBadgeCredential
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string SchemaUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
    public const string SchemaType = "1EdTechJsonSchemaValidator2019";

    public const string IssuerName = "Cities of Learning Network";
    public const string IssuerDescription =
        "The Cities of Learning network connects cities and regions that make learning opportunities visible and "
        + "recognise them with open badges. This profile issues the badges of StakeholderHub's live stakeholder sessions.";

    /// <summary>
    /// Builds the credential. Its <c>id</c> is the public badge page <see cref="BadgeUrls.Credential"/>; the subject's
    /// <c>id</c> is a <c>urn:uuid</c> derived from the hashed identity, so the JWT has a <c>sub</c> and no e-mail
    /// is ever written out. <paramref name="keyId"/> is not written into the credential (neither context has a term
    /// for it): the key travels in the VC-JWT header (see <see cref="VcJwt"/>); it is checked to be present so a
    /// caller cannot build a credential without a signing key in hand.
    /// </summary>
    public static JsonObject Build(BadgeIssue issue, BadgeUrls urls, string keyId)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(issue.CriteriaNarrative);

        var identityHash = issue.Identity();
        var evidence = new JsonArray();
        foreach (var (item, index) in issue.Evidence.Select((item, index) => (item, index)))
        {
            evidence.Add(Evidence(item, issue.EventName, urls.Evidence(issue.CredentialId, index + 1)));
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = urls.Credential(issue.CredentialId).AbsoluteUri,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = Issuer(urls),
            ["validFrom"] = Timestamp(issue.IssuedOn),
            ["awardedDate"] = Timestamp(issue.IssuedOn),
            ["name"] = EcosystemExplorer.Name,
            ["description"] = $"{EcosystemExplorer.Name} badge of {issue.RecipientName}, earned at \"{issue.EventName}\".",
            // The badge with this very credential baked in, as OB 2.0's assertion image is.
            ["image"] = new JsonObject
            {
                ["id"] = urls.BakedPng(issue.CredentialId).AbsoluteUri,
                ["type"] = "Image",
                ["caption"] = EcosystemExplorer.ImageCaption,
            },
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = SubjectId(identityHash),
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject",
                    ["identityHash"] = identityHash,
                    ["identityType"] = "emailAddress",
                    ["hashed"] = true,
                    ["salt"] = issue.Salt,
                }),
                ["achievement"] = Achievement(urls, issue.EventId, issue.EventName, issue.CriteriaNarrative),
            },
            ["evidence"] = evidence,
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = SchemaUrl,
                ["type"] = SchemaType,
            }),
        };
        if (issue.StatusIndex is { } statusIndex)
        {
            credential["credentialStatus"] = StatusList.Entry(urls, statusIndex);
        }

        return credential;
    }

    /// <summary>The issuer Profile as embedded in every credential (no <c>@context</c>).</summary>
    public static JsonObject Issuer(BadgeUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new JsonObject
        {
            ["id"] = urls.Issuer().AbsoluteUri,
            ["type"] = new JsonArray("Profile"),
            ["name"] = IssuerName,
            ["url"] = urls.Base.AbsoluteUri,
            ["description"] = IssuerDescription,
            // The network has no logo of its own here: its profile shows the badge it issues.
            ["image"] = new JsonObject
            {
                ["id"] = urls.Image().AbsoluteUri,
                ["type"] = "Image",
                ["caption"] = IssuerName,
            },
        };
    }

    /// <summary>The issuer Profile as a document of its own (served at <see cref="BadgeUrls.Issuer"/>), with its contexts.</summary>
    public static JsonObject IssuerDocument(BadgeUrls urls) => WithContext(Issuer(urls));

    /// <summary>The Achievement as embedded in the credential (no <c>@context</c>).</summary>
    public static JsonObject Achievement(BadgeUrls urls, long eventId, string eventName, string criteriaNarrative)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var alignment = new JsonArray();
        foreach (var area in EcosystemExplorer.Alignments)
        {
            alignment.Add(new JsonObject
            {
                ["type"] = new JsonArray("Alignment"),
                ["targetName"] = area.Name,
                ["targetUrl"] = area.Url.AbsoluteUri,
                ["targetDescription"] = area.Description,
                ["targetFramework"] = EcosystemExplorer.AlignmentFramework,
                ["targetType"] = EcosystemExplorer.AlignmentTargetType,
            });
        }

        return new JsonObject
        {
            ["id"] = urls.Achievement(eventId).AbsoluteUri,
            ["type"] = new JsonArray("Achievement"),
            ["achievementType"] = "Badge",
            ["name"] = EcosystemExplorer.Name,
            ["description"] = EcosystemExplorer.Description(eventName),
            ["criteria"] = new JsonObject { ["narrative"] = criteriaNarrative },
            ["image"] = new JsonObject
            {
                ["id"] = urls.Image().AbsoluteUri,
                ["type"] = "Image",
                ["caption"] = EcosystemExplorer.ImageCaption,
            },
            ["alignment"] = alignment,
            ["tag"] = new JsonArray([.. EcosystemExplorer.Tags.Select(t => JsonValue.Create(t))]),
        };
    }

    /// <summary>The Achievement as a document of its own (served at <see cref="BadgeUrls.Achievement"/>), with its contexts.</summary>
    public static JsonObject AchievementDocument(BadgeUrls urls, long eventId, string eventName, string? criteriaNarrative = null) =>
        WithContext(Achievement(urls, eventId, eventName, criteriaNarrative ?? EcosystemExplorer.DefaultCriteriaNarrative));

    /// <summary>An instant as the credential writes it: UTC, whole seconds, "Z" (so the JWT's nbf equals validFrom exactly).</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Evidence(EvidenceItem item, string eventName, Uri id) => new()
    {
        // The entry on the badge page that says it in words.
        ["id"] = id.AbsoluteUri,
        ["type"] = new JsonArray("Evidence"),
        ["name"] = EcosystemExplorer.ActionName(item.Action),
        ["narrative"] = item.Narrative,
        // Evidence has no date term in either context, so the time is said in words.
        ["description"] = $"Recorded by StakeholderHub during \"{eventName}\" {item.Recorded}.",
        ["genre"] = "Participation",
    };

    /// <summary>A stable, pseudonymous subject id: a version 8 (RFC 9562) UUID from SHA-256 of the identity hash.</summary>
    private static string SubjectId(string identityHash)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("stakeholderhub/badge-recipient/" + identityHash))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        var hex = Convert.ToHexStringLower(bytes);
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static JsonObject WithContext(JsonObject node)
    {
        var document = new JsonObject { ["@context"] = new JsonArray(VcContext, ObContext) };
        foreach (var (key, value) in node.ToList())
        {
            node.Remove(key);
            document[key] = value;
        }

        return document;
    }
}
