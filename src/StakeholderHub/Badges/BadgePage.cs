using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Badges;

/// <summary>
/// The public page of one credential, rendered on the server so that link previews (Open Graph) and people without
/// JavaScript see it whole. Every text that came from a person is HTML-encoded. The verify button asks the server to
/// check the signature against the published key and the status, and shows the answer on the same page.
/// </summary>
public static class BadgePage
{
    public static string Render(CredentialStore.Row credential, BadgeIssue issue, Verification? verification)
    {
        var urls = new BadgeUrls(issue.BaseUrl);
        var page = urls.Credential(credential.Id).AbsoluteUri;
        var title = $"{EcosystemExplorer.Name} — {issue.RecipientName}";
        var description = EcosystemExplorer.Description(issue.EventName);
        var issued = issue.IssuedOn.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}}</title>
            <meta name="description" content="{{E(description)}}">
            <meta property="og:type" content="website">
            <meta property="og:title" content="{{E(title)}}">
            <meta property="og:description" content="{{E(description)}}">
            <meta property="og:url" content="{{E(page)}}">
            <meta property="og:image" content="{{E(urls.Image().AbsoluteUri)}}">
            <meta property="og:image:alt" content="{{E(EcosystemExplorer.ImageCaption)}}">
            <meta name="twitter:card" content="summary">
            <link rel="alternate" type="application/vc+jwt" href="{{E(urls.CredentialJwt(credential.Id).AbsoluteUri)}}">
            <style>
            :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f7f4; }
            body { margin: 0; }
            main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
            .card { background: #fff; border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 3px rgb(0 0 0 / 12%); }
            .head { display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
            .head img { width: 160px; height: 160px; }
            h1 { margin: 0 0 .25rem; font-size: 1.75rem; }
            h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
            .status { display: inline-block; padding: .2rem .7rem; border-radius: 999px; font-weight: 700; }
            .valid { background: #d8f0dc; color: #0b4f1c; }
            .revoked, .invalid { background: #fbe0de; color: #7a1410; }
            ol.evidence { padding-left: 1.25rem; } ol.evidence li { margin: .35rem 0; }
            time { color: #4a4a4a; }
            .actions { display: flex; flex-wrap: wrap; gap: .6rem; margin-top: 1rem; }
            .button, button { display: inline-block; font: inherit; padding: .55rem 1rem; border-radius: 8px; border: 2px solid #0b5d3b;
                background: #0b5d3b; color: #fff; text-decoration: none; cursor: pointer; }
            .button.secondary { background: #fff; color: #0b5d3b; }
            .button:focus-visible, button:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
            #verification { margin-top: 1rem; padding: .75rem 1rem; border-radius: 8px; background: #eef3f8; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
            </style>
            </head>
            <body>
            <main>
            <article class="card" data-testid="badge-page">
            <div class="head">
            <img src="{{E(urls.ImageSvg().AbsoluteUri)}}" alt="{{E(EcosystemExplorer.ImageCaption)}}" width="160" height="160">
            <div>
            <h1 data-testid="badge-name">{{E(EcosystemExplorer.Name)}}</h1>
            <p>Earned by <strong data-testid="badge-recipient">{{E(issue.RecipientName)}}</strong></p>
            <p><span class="status {{Status(credential)}}" data-testid="badge-status">{{StatusText(credential)}}</span></p>
            </div>
            </div>
            <p>{{E(description)}}</p>
            <dl>
            <dt>Issuer</dt><dd><a href="{{E(urls.Issuer().AbsoluteUri)}}">{{E(OpenBadgeCredential.IssuerName)}}</a></dd>
            <dt>Issued on</dt><dd><time datetime="{{E(OpenBadgeCredential.Timestamp(issue.IssuedOn))}}">{{E(issued)}}</time></dd>
            <dt>Session</dt><dd>{{E(issue.EventName)}}</dd>
            """);
        if (credential.Revoked)
        {
            html.Append($"<dt>Revoked on</dt><dd>{E(DateTimeOffset.FromUnixTimeMilliseconds(credential.RevokedAt!.Value).UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))}"
                + (string.IsNullOrEmpty(credential.RevocationReason) ? "" : $": {E(credential.RevocationReason)}") + "</dd>\n");
        }

        html.Append($$"""
            </dl>
            <h2>What it takes</h2>
            <p data-testid="badge-criteria">{{E(issue.CriteriaNarrative)}}</p>
            <h2>What {{E(issue.RecipientName)}} did</h2>
            <ol class="evidence" data-testid="badge-evidence">
            """);
        foreach (var item in issue.Evidence)
        {
            html.Append(item.DayOnly
                ? $"<li>{E(item.Narrative)} <time datetime=\"{E(item.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}\">"
                    + $"{E(item.At.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture))}</time></li>\n"
                : $"<li>{E(item.Narrative)} <time datetime=\"{E(OpenBadgeCredential.Timestamp(item.At))}\">"
                    + $"{E(item.At.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture))}</time></li>\n");
        }

        html.Append("</ol>\n<h2>Competences</h2>\n<ul>\n");
        foreach (var area in EcosystemExplorer.Alignments)
        {
            html.Append($"<li><a href=\"{E(area.Url.AbsoluteUri)}\">{E(area.Name)}</a> — {E(area.Description)}</li>\n");
        }

        html.Append($$"""
            </ul>
            <form method="get" action="{{E(page)}}" class="actions">
            <input type="hidden" name="verify" value="true">
            <button type="submit" data-testid="verify">Verify this badge</button>
            <a class="button secondary" href="{{E(urls.BakedPng(credential.Id).AbsoluteUri)}}" download data-testid="download-png">Download the badge (PNG)</a>
            <a class="button secondary" href="{{E(urls.BakedSvg(credential.Id).AbsoluteUri)}}" download>SVG</a>
            <a class="button secondary" href="{{E(LinkedIn(credential, issue, page))}}" rel="noopener" target="_blank" data-testid="linkedin">Add to LinkedIn</a>
            </form>
            """);
        if (verification is not null)
        {
            html.Append($"<div id=\"verification\" role=\"status\" data-testid=\"verification\" data-status=\"{E(verification.Status)}\">{E(VerificationText(verification))}</div>\n");
        }

        html.Append($$"""
            <h2>For platforms</h2>
            <ul>
            <li><a href="{{E(urls.CredentialJwt(credential.Id).AbsoluteUri)}}">Open Badges 3.0 credential (signed VC-JWT)</a></li>
            <li><a href="{{E(urls.CredentialJson(credential.Id).AbsoluteUri)}}">Open Badges 3.0 credential (JSON)</a></li>
            <li><a href="{{E(urls.Ob2Assertion(credential.Id).AbsoluteUri)}}">Open Badges 2.0 assertion</a>
                (<a href="{{E(urls.Ob2BakedPng(credential.Id).AbsoluteUri)}}" download>baked PNG</a>)</li>
            <li><a href="{{E(urls.Jwks().AbsoluteUri)}}">The issuer's public keys</a></li>
            </ul>
            </article>
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static string Status(CredentialStore.Row credential) => credential.Revoked ? "revoked" : "valid";

    private static string StatusText(CredentialStore.Row credential) => credential.Revoked ? "Revoked" : "Valid";

    private static string VerificationText(Verification verification) => verification.Status switch
    {
        "valid" => $"Verified: the signature matches the issuer's published key ({verification.KeyId}) and the badge has not been revoked.",
        "revoked" => "The signature is the issuer's, but the badge has been revoked"
            + (string.IsNullOrEmpty(verification.RevocationReason) ? "." : $": {verification.RevocationReason}."),
        _ => $"This badge does not verify: {verification.Error}",
    };

    /// <summary>LinkedIn's "add a licence or certification" form, filled in.</summary>
    private static string LinkedIn(CredentialStore.Row credential, BadgeIssue issue, string page) =>
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        + $"&name={Uri.EscapeDataString(EcosystemExplorer.Name)}"
        + $"&organizationName={Uri.EscapeDataString(OpenBadgeCredential.IssuerName)}"
        + $"&issueYear={issue.IssuedOn.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)}"
        + $"&issueMonth={issue.IssuedOn.UtcDateTime.Month.ToString(CultureInfo.InvariantCulture)}"
        + $"&certUrl={Uri.EscapeDataString(page)}"
        + $"&certId={Uri.EscapeDataString(credential.Id)}";

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
