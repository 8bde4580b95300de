using System.Text.Json.Nodes;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// The same badge as Open Badges 2.0 with hosted verification, for the platforms that read 2.0 only: an Issuer
/// (Profile), one BadgeClass per event and one Assertion per awarded badge, each served at its own URL.
/// </summary>
public static class OpenBadge2
{
    public const string Context = "https://w3id.org/openbadges/v2";

    /// <summary>
    /// The Issuer Profile. OB 2.0 requires id, type, name and url; the 2.0 validator also wants an <c>email</c>, which
    /// is written when <paramref name="email"/> is given (the deployment's contact address: none is invented here).
    /// </summary>
    public static JsonObject Issuer(BadgeUrls urls, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var issuer = new JsonObject
        {
            ["@context"] = Context,
            ["type"] = "Issuer",
            ["id"] = urls.Ob2Issuer().AbsoluteUri,
            ["name"] = OpenBadgeCredential.IssuerName,
            ["url"] = urls.Base.AbsoluteUri,
            ["description"] = OpenBadgeCredential.IssuerDescription,
            ["image"] = urls.Image().AbsoluteUri,
        };
        if (!string.IsNullOrWhiteSpace(email))
        {
            issuer["email"] = email.Trim();
        }

        return issuer;
    }

    /// <summary>The BadgeClass of one event: name, description, image, criteria, issuer, the ETS alignments and tags.</summary>
    public static JsonObject BadgeClass(BadgeUrls urls, long eventId, string eventName, string? criteriaNarrative = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var alignment = new JsonArray();
        foreach (var area in EcosystemExplorer.Alignments)
        {
            alignment.Add(new JsonObject
            {
                ["targetName"] = area.Name,
                ["targetUrl"] = area.Url.AbsoluteUri,
                ["targetDescription"] = area.Description,
                ["targetFramework"] = EcosystemExplorer.AlignmentFramework,
            });
        }

        return new JsonObject
        {
            ["@context"] = Context,
            ["type"] = "BadgeClass",
            ["id"] = urls.Ob2BadgeClass(eventId).AbsoluteUri,
            ["name"] = EcosystemExplorer.Name,
            ["description"] = EcosystemExplorer.Description(eventName),
            ["image"] = urls.Image().AbsoluteUri,
            ["criteria"] = new JsonObject
            {
                ["narrative"] = string.IsNullOrWhiteSpace(criteriaNarrative) ? EcosystemExplorer.DefaultCriteriaNarrative : criteriaNarrative,
            },
            ["issuer"] = urls.Ob2Issuer().AbsoluteUri,
            ["alignment"] = alignment,
            ["tags"] = new JsonArray([.. EcosystemExplorer.Tags.Select(t => JsonValue.Create(t))]),
        };
    }

    /// <summary>
    /// The hosted Assertion: recipient hashed with its salt (type email), the BadgeClass by URL, hosted
    /// verification at its own id, issuedOn, the baked image and one Evidence per interaction. A revoked assertion
    /// is the stub OB 2.0 asks for ("If revoked is true, only revoked and id are required"), served with 410 Gone:
    /// id, <c>revoked: true</c> and the reason, and nothing about the recipient. <paramref name="identityHash"/> is the
    /// hash the signed OB 3.0 credential carries, so both versions of one badge name the recipient alike.
    /// </summary>
    public static JsonObject Assertion(BadgeIssue issue, BadgeUrls urls, bool revoked, string? revocationReason, string? identityHash = null)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(urls);
        var id = urls.Ob2Assertion(issue.CredentialId).AbsoluteUri;
        if (revoked)
        {
            var stub = new JsonObject
            {
                ["@context"] = Context,
                ["type"] = "Assertion",
                ["id"] = id,
                ["revoked"] = true,
            };
            if (!string.IsNullOrWhiteSpace(revocationReason))
            {
                stub["revocationReason"] = revocationReason;
            }

            return stub;
        }

        var evidence = new JsonArray();
        foreach (var (item, index) in issue.Evidence.Select((item, index) => (item, index)))
        {
            evidence.Add(new JsonObject
            {
                ["id"] = urls.Evidence(issue.CredentialId, index + 1).AbsoluteUri,
                ["type"] = "Evidence",
                ["name"] = EcosystemExplorer.ActionName(item.Action),
                ["narrative"] = item.Narrative,
                ["description"] = $"Recorded by StakeholderHub during \"{issue.EventName}\" {item.Recorded}.",
                ["genre"] = "Participation",
            });
        }

        return new JsonObject
        {
            ["@context"] = Context,
            ["type"] = "Assertion",
            ["id"] = id,
            ["recipient"] = new JsonObject
            {
                ["type"] = "email",
                ["hashed"] = true,
                ["salt"] = issue.Salt,
                ["identity"] = identityHash ?? issue.Identity(),
            },
            ["badge"] = urls.Ob2BadgeClass(issue.EventId).AbsoluteUri,
            ["verification"] = new JsonObject { ["type"] = "hosted" },
            ["issuedOn"] = OpenBadgeCredential.Timestamp(issue.IssuedOn),
            ["image"] = urls.Ob2BakedPng(issue.CredentialId).AbsoluteUri,
            ["evidence"] = evidence,
        };
    }
}
