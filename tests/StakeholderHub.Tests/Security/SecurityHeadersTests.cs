using System.Net;
using StakeholderHub.Tests.Badges;

namespace StakeholderHub.Tests.Security;

/// <summary>Every answer of the hub carries the security headers: pages, scripts, the API, the badges, errors.</summary>
public sealed class SecurityHeadersTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new() { ["Security:ProjectorFrameAncestors"] = "https://intranet.example.org" };

    [Fact]
    public async Task EveryPageAndEveryAnswerCarriesTheSecurityHeaders()
    {
        var (badge, _) = await BadgeFlow.Issue(Room, Server);
        var index = await Server.Http.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(index, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        string[] paths =
        [
            "/", "/index.html", "/join", "/participant", "/stakeholder", "/facilitator", script,
            $"/badges/{badge}", "/badges/page.css", $"/badges/{badge}/credential.jwt", "/badges/status-lists/0", "/.well-known/jwks.json",
            $"/ob2/assertions/{badge}", $"/api/join/{Server.JoinCode}", "/api/snapshot", "/health", "/no-such-page",
        ];

        foreach (var path in paths)
        {
            using var response = await Server.Http.GetAsync(path);
            var policy = Header(response, "Content-Security-Policy");
            Assert.True(policy is not null, $"{path} ({(int)response.StatusCode}) has a Content-Security-Policy");
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
            Assert.Contains($"connect-src 'self' ws://{Server.BaseUrl.Authority} wss://{Server.BaseUrl.Authority};", policy, StringComparison.Ordinal);
            Assert.EndsWith("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            // Plain HTTP: no HSTS (it is only believed over HTTPS anyway).
            Assert.Null(Header(response, "Strict-Transport-Security"));
        }

        // The projector alone may be framed, by the sites the setting names.
        using var projector = await Server.Http.GetAsync("/projector");
        Assert.EndsWith("frame-ancestors https://intranet.example.org", Header(projector, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Null(Header(projector, "X-Frame-Options"));
    }

    [Fact]
    public async Task PagesCarryNoInlineScriptOrStyle()
    {
        var (badge, _) = await BadgeFlow.Issue(Room, Server);
        foreach (var path in new[] { "/", "/join", "/participant", "/stakeholder", "/projector", "/facilitator", $"/badges/{badge}" })
        {
            var html = await Server.Http.GetStringAsync(path);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("\\sstyle=", html);
            Assert.DoesNotMatch("\\son[a-z]+=", html);
        }
    }

    [Fact]
    public async Task HttpsAsTheLoopbackProxySaysItBringsHsts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
