using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Badges;

/// <summary>
/// The public page of one credential, rendered on the server so that link previews (Open Graph) and people without
/// JavaScript see it whole. Every text that came from a person is HTML-encoded. The verify button asks the server to
/// check the signature against the published key and the status, and shows the answer on the same page.
/// The page's own words follow the viewer's language (<see cref="BadgePageText"/>); what the badge says stays as
/// issued, in English, and is marked so (<c>lang="en"</c>) for screen readers.
/// </summary>
public static class BadgePage
{
    public static string Render(CredentialStore.Row credential, BadgeIssue issue, Verification? verification) =>
        Render(credential, issue, verification, BadgePageText.En, keepLanguage: false);

    /// <param name="keepLanguage">The language came from <c>?lang=</c>, so the verify button keeps it.</param>
    public static string Render(CredentialStore.Row credential, BadgeIssue issue, Verification? verification, BadgePageText text, bool keepLanguage)
    {
        var urls = new BadgeUrls(issue.BaseUrl);
        var page = urls.Credential(credential.Id).AbsoluteUri;
        var title = $"{EcosystemExplorer.Name} — {issue.RecipientName}";
        var description = EcosystemExplorer.Description(issue.EventName);
        var issued = text.Date(issue.IssuedOn);
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="{{text.Lang}}">
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
            <link rel="stylesheet" href="{{E(urls.PageStyle().AbsoluteUri)}}">
            </head>
            <body>
            <main>
            <nav class="actions" aria-label="{{E(text.LanguageLabel)}}" data-testid="language-switcher">{{Languages(page, text)}}</nav>
            <article class="card" data-testid="badge-page">
            <div class="head">
            <img src="{{E(urls.ImageSvg().AbsoluteUri)}}" alt="{{E(EcosystemExplorer.ImageCaption)}}" width="160" height="160">
            <div>
            <h1 data-testid="badge-name" lang="en">{{E(EcosystemExplorer.Name)}}</h1>
            <p>{{EarnedBy(text, issue.RecipientName)}}</p>
            <p><span class="status {{Status(credential)}}" data-testid="badge-status">{{E(credential.Revoked ? text.Revoked : text.Valid)}}</span></p>
            </div>
            </div>
            <p lang="en">{{E(description)}}</p>
            <dl>
            <dt>{{E(text.Issuer)}}</dt><dd><a href="{{E(urls.Issuer().AbsoluteUri)}}">{{E(OpenBadgeCredential.IssuerName)}}</a></dd>
            <dt>{{E(text.IssuedOn)}}</dt><dd><time datetime="{{E(OpenBadgeCredential.Timestamp(issue.IssuedOn))}}">{{E(issued)}}</time></dd>
            <dt>{{E(text.Session)}}</dt><dd>{{E(issue.EventName)}}</dd>
            """);
        if (credential.Revoked)
        {
            html.Append($"<dt>{E(text.RevokedOn)}</dt><dd>{E(text.Date(DateTimeOffset.FromUnixTimeMilliseconds(credential.RevokedAt!.Value)))}"
                + (string.IsNullOrEmpty(credential.RevocationReason) ? "" : $": {E(credential.RevocationReason)}") + "</dd>\n");
        }

        html.Append($$"""
            </dl>
            <h2>{{E(text.WhatItTakes)}}</h2>
            <p data-testid="badge-criteria" lang="en">{{E(issue.CriteriaNarrative)}}</p>
            <h2>{{E(text.WhatTheyDid(issue.RecipientName))}}</h2>
            <ol class="evidence" data-testid="badge-evidence">
            """);
        foreach (var (item, index) in issue.Evidence.Select((item, index) => (item, index)))
        {
            // The id is the evidence's id in the credential (BadgeUrls.Evidence); an anonymous question is dated to the day.
            html.Append(item.DayOnly
                ? $"<li id=\"evidence-{index + 1}\"><span lang=\"en\">{E(item.Narrative)}</span> <time datetime=\"{E(item.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}\">"
                    + $"{E(text.Date(item.At))}</time></li>\n"
                : $"<li id=\"evidence-{index + 1}\"><span lang=\"en\">{E(item.Narrative)}</span> <time datetime=\"{E(OpenBadgeCredential.Timestamp(item.At))}\">"
                    + $"{E(text.DateTime(item.At))}</time></li>\n");
        }

        html.Append($"</ol>\n<h2>{E(text.Competences)}</h2>\n<ul lang=\"en\">\n");
        foreach (var area in EcosystemExplorer.Alignments)
        {
            html.Append($"<li><a href=\"{E(area.Url.AbsoluteUri)}\">{E(area.Name)}</a> — {E(area.Description)}</li>\n");
        }

        html.Append($$"""
            </ul>
            <form method="get" action="{{E(page)}}" class="actions">
            <input type="hidden" name="verify" value="true">{{(keepLanguage ? $"<input type=\"hidden\" name=\"lang\" value=\"{text.Lang}\">" : "")}}
            <button type="submit" data-testid="verify">{{E(text.Verify)}}</button>
            <a class="button secondary" href="{{E(urls.BakedPng(credential.Id).AbsoluteUri)}}" download data-testid="download-png">{{E(text.DownloadPng)}}</a>
            <a class="button secondary" href="{{E(urls.BakedSvg(credential.Id).AbsoluteUri)}}" download>SVG</a>
            <a class="button secondary" href="{{E(LinkedIn(credential, issue, page))}}" rel="noopener" target="_blank" data-testid="linkedin">{{E(text.AddToLinkedIn)}}</a>
            </form>
            """);
        if (verification is not null)
        {
            html.Append($"<div id=\"verification\" role=\"status\" data-testid=\"verification\" data-status=\"{E(verification.Status)}\">{E(VerificationText(verification, text))}</div>\n");
        }

        html.Append($$"""
            <h2>{{E(text.ForPlatforms)}}</h2>
            <ul>
            <li><a href="{{E(urls.CredentialJwt(credential.Id).AbsoluteUri)}}">{{E(text.Ob3Jwt)}}</a></li>
            <li><a href="{{E(urls.CredentialJson(credential.Id).AbsoluteUri)}}">{{E(text.Ob3Json)}}</a></li>
            <li><a href="{{E(urls.Ob2Assertion(credential.Id).AbsoluteUri)}}">{{E(text.Ob2Assertion)}}</a>
                (<a href="{{E(urls.Ob2BakedPng(credential.Id).AbsoluteUri)}}" download>{{E(text.BakedPng)}}</a>)</li>
            <li><a href="{{E(urls.Jwks().AbsoluteUri)}}">{{E(text.PublicKeys)}}</a></li>
            </ul>
            </article>
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }

    /// <summary>The page's style, served as a file of its own (<c>/badges/page.css</c>): the CSP allows no inline style.</summary>
    public const string Style = """
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
        """;

    private static string Status(CredentialStore.Row credential) => credential.Revoked ? "revoked" : "valid";

    private static string VerificationText(Verification verification, BadgePageText text) => verification.Status switch
    {
        "valid" => text.Verified(verification.KeyId ?? ""),
        "revoked" => text.VerifiedButRevoked(verification.RevocationReason ?? ""),
        _ => text.DoesNotVerify(verification.Error ?? ""),
    };

    /// <summary>"Earned by" around the recipient's name, wherever the language puts it.</summary>
    private static string EarnedBy(BadgePageText text, string name)
    {
        const string Marker = "\u0001";
        var parts = text.EarnedBy(Marker).Split(Marker);
        return $"{E(parts[0])}<strong data-testid=\"badge-recipient\">{E(name)}</strong>{E(parts.Length > 1 ? parts[1] : "")}";
    }

    /// <summary>A link per language to this page in it; the current one is marked.</summary>
    private static string Languages(string page, BadgePageText current) => string.Concat(BadgePageText.All.Select(text =>
        $"<a class=\"button secondary\" href=\"{E(page)}?lang={text.Lang}\" lang=\"{text.Lang}\" hreflang=\"{text.Lang}\""
        + (ReferenceEquals(text, current) ? " aria-current=\"page\"" : "") + $">{E(text.LanguageName)}</a>"));

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
