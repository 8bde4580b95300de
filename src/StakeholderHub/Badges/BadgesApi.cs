using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;
using StakeholderHub.Events;

namespace StakeholderHub.Badges;

/// <summary>
/// The badges on the web: the issuer's keys and profile, each credential (signed, as JSON, baked into PNG and SVG, its
/// status and its public page), the OB 2.0 hosted assertion with its badge class and issuer, and the facilitator's
/// exports. Everything but the exports is public: a badge is meant to be shown and checked by anyone with its link,
/// and its link is unguessable.
/// </summary>
public static class BadgesApi
{
    private const string CredentialId = "{id:regex(^[A-Za-z0-9]{{24}}$)}";

    /// <summary>The address badges are issued under: <c>Hub:PublicUrl</c> when set, else the one the request came to.</summary>
    public static Uri PublicBase(HubOptions options, HttpRequest request) =>
        !string.IsNullOrWhiteSpace(options.PublicUrl)
            ? new Uri(options.PublicUrl.TrimEnd('/') + "/")
            : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");

    public static IEndpointRouteBuilder MapBadgesApi(this IEndpointRouteBuilder routes)
    {
        // The key is published under the kid the JWT headers carry: its own URL.
        routes.MapGet("/.well-known/jwks.json", (SigningKeys keys, HttpRequest request, IOptions<HubOptions> options) =>
            Json(keys.Jwks(KeyUrl(request, options, keys)), "application/jwk-set+json"));

        var badges = routes.MapGroup("/badges");
        badges.MapGet("/issuer", (HttpRequest request, IOptions<HubOptions> options) =>
            Json(OpenBadgeCredential.IssuerDocument(Urls(request, options))));
        badges.MapGet("/events/{eventId:long}/achievement", (long eventId, HttpRequest request, IOptions<HubOptions> options, Database database) =>
        {
            using var sql = database.Read();
            var info = EventStore.Find(sql, eventId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no event {eventId}.");
            var rule = BadgeRuleStore.Load(sql, eventId);
            return Json(OpenBadgeCredential.AchievementDocument(Urls(request, options), eventId, info.Title, rule.Narrative()));
        });
        badges.MapGet("/keys/{keyId}", (string keyId, SigningKeys keys, HttpRequest request, IOptions<HubOptions> options) => keyId == keys.KeyId
            ? Json(keys.PublicJwk(KeyUrl(request, options, keys)), "application/jwk+json")
            : throw new Refusal(RefusalCode.NotFound, "There is no such key."));
        // A verifier fetches the list the credential names and reads the credential's bit: set means revoked.
        badges.MapGet("/status-lists/{number:long:min(0)}", (long number, HttpRequest request, IOptions<HubOptions> options, Database database, SigningKeys keys, TimeProvider clock) =>
        {
            var from = number * StatusList.Size;
            using var connection = database.Open();
            var revoked = StatusListStore.Revoked(connection, from, from + StatusList.Size).Select(index => (int)(index - from));
            var urls = Urls(request, options);
            var list = StatusList.Credential(urls, number, revoked, clock.GetUtcNow());
            request.HttpContext.Response.Headers.CacheControl = "no-cache";
            return Results.Text(VcJwt.Sign(list, keys, urls.Key(keys.KeyId)), "application/vc+jwt", Encoding.ASCII);
        });
        badges.MapGet("/page.css", () => Results.Text(BadgePage.Style, "text/css", Encoding.UTF8));
        badges.MapGet("/image.svg", () => Results.Text(BadgeImage.Svg, "image/svg+xml", Encoding.UTF8));
        badges.MapGet("/image.png", () => Results.File(BadgeImage.Png, "image/png"));

        badges.MapGet($"/{CredentialId}", (string id, bool? verify, HttpRequest request, Database database, SigningKeys keys) =>
        {
            var credential = Find(database, id);
            var report = verify == true ? Verify(credential, keys) : null;
            var text = BadgePageText.For(request, out var fromQuery);
            return Results.Content(BadgePage.Render(credential, Issue(credential), report, text, fromQuery), "text/html; charset=utf-8");
        });
        badges.MapGet($"/{CredentialId}/verification", (string id, Database database, SigningKeys keys) => Results.Json(Verify(Find(database, id), keys), StakeholderHub.Json.Options));
        badges.MapGet($"/{CredentialId}/status", (string id, Database database) => Results.Json(Status(Find(database, id)), StakeholderHub.Json.Options));
        // OB 3.0 §5.2: a VC-JWT file is served as text/plain.
        badges.MapGet($"/{CredentialId}/credential.jwt", (string id, Database database) =>
            Results.Text(Find(database, id).Jwt, "text/plain", Encoding.ASCII));
        badges.MapGet($"/{CredentialId}/credential.json", (string id, Database database) =>
            Json(JsonNode.Parse(Find(database, id).Credential)!.AsObject(), "application/vc+ld+json"));
        badges.MapGet($"/{CredentialId}/badge.png", (string id, Database database) =>
            Results.File(Baking.BakePng(BadgeImage.Png, "openbadgecredential", Find(database, id).Jwt), "image/png", "ecosystem-explorer.png"));
        badges.MapGet($"/{CredentialId}/badge.svg", (string id, Database database) =>
            Results.File(Encoding.UTF8.GetBytes(Baking.BakeSvg(BadgeImage.Svg, Find(database, id).Jwt, ob3: true)), "image/svg+xml", "ecosystem-explorer.svg"));

        var ob2 = routes.MapGroup("/ob2");
        ob2.MapGet("/issuer", (HttpRequest request, IOptions<HubOptions> options) => Json(OpenBadge2.Issuer(Urls(request, options), options.Value.IssuerEmail)));
        ob2.MapGet("/events/{eventId:long}/badgeclass", (long eventId, HttpRequest request, IOptions<HubOptions> options, Database database) =>
        {
            using var sql = database.Read();
            var info = EventStore.Find(sql, eventId) ?? throw new Refusal(RefusalCode.NotFound, $"There is no event {eventId}.");
            return Json(OpenBadge2.BadgeClass(Urls(request, options), eventId, info.Title, BadgeRuleStore.Load(sql, eventId).Narrative()));
        });
        ob2.MapGet($"/assertions/{CredentialId}", (string id, Database database) =>
        {
            var credential = Find(database, id);
            // A revoked hosted assertion answers 410 Gone (Open Badges 2.0, hosted verification), still saying why.
            return Json(Assertion(credential), statusCode: credential.Revoked ? StatusCodes.Status410Gone : StatusCodes.Status200OK);
        });
        ob2.MapGet($"/assertions/{CredentialId}/badge.png", (string id, Database database) =>
            Results.File(Baking.BakePng(BadgeImage.Png, "openbadges", Assertion(Find(database, id)).ToJsonString()), "image/png", "ecosystem-explorer-ob2.png"));
        ob2.MapGet($"/assertions/{CredentialId}/badge.svg", (string id, Database database) =>
            Results.File(Encoding.UTF8.GetBytes(Baking.BakeSvg(BadgeImage.Svg, Assertion(Find(database, id)).ToJsonString(), ob3: false)),
                "image/svg+xml", "ecosystem-explorer-ob2.svg"));

        var exports = routes.MapGroup("/api/badges").RequireRoles(Role.Facilitator);
        exports.MapGet("/earners.csv", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            return Earners(sql, caller.EventId).Result(EarnersFileName);
        });
        exports.MapGet("/credentials.json", async (HttpContext http, PeopleDirectory people, Database database) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Read();
            var jwks = new BadgeUrls(PublicBase(http.RequestServices.GetRequiredService<IOptions<HubOptions>>().Value, http.Request)).Jwks();
            return Results.File(CredentialsJson(sql, caller.EventId, jwks), "application/json", CredentialsFileName);
        });
        return routes;
    }

    public const string EarnersFileName = "ecosystem-explorer-earners.csv";

    public const string CredentialsFileName = "ecosystem-explorer-credentials.json";

    /// <summary>Who was issued the badge: the earners CSV and its copy in exports.zip.</summary>
    public static Csv Earners(IStoreReader sql, long eventId)
    {
        var csv = new Csv("name", "organisation", "email", "issued at (UTC)", "badge URL", "status", "issued by");
        foreach (var row in CredentialStore.ForEvent(sql, eventId))
        {
            csv.Row(row.Name, row.Organisation, row.ContactEmail ?? "", row.IssuedOn.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.PageUrl, row.Revoked ? "revoked" : "valid", row.IssuedBy);
        }

        return csv;
    }

    /// <summary>Every credential issued in the event with its signed form: credentials.json and its copy in exports.zip.</summary>
    public static byte[] CredentialsJson(IStoreReader sql, long eventId, Uri jwks)
    {
        var list = new JsonArray();
        foreach (var row in CredentialStore.ForEvent(sql, eventId))
        {
            var urls = new BadgeUrls(Issue(row).BaseUrl);
            list.Add(new JsonObject
            {
                ["id"] = row.Id,
                ["name"] = row.Name,
                ["email"] = row.ContactEmail,
                ["issuedAt"] = OpenBadgeCredential.Timestamp(row.IssuedOn),
                ["status"] = row.Revoked ? "revoked" : "valid",
                ["page"] = row.PageUrl,
                ["jwt"] = row.Jwt,
                ["credential"] = JsonNode.Parse(row.Credential),
                ["ob2Assertion"] = urls.Ob2Assertion(row.Id).AbsoluteUri,
            });
        }

        var bundle = new JsonObject
        {
            ["eventId"] = eventId,
            ["issuer"] = OpenBadgeCredential.IssuerName,
            ["jwks"] = jwks.AbsoluteUri,
            ["credentials"] = list,
        };

        return Encoding.UTF8.GetBytes(bundle.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>What the verify button shows: the signature checked with the published key, and the status.</summary>
    public static Verification Verify(CredentialStore.Row credential, SigningKeys keys)
    {
        var result = VcJwt.Verify(credential.Jwt, keys);
        var status = !result.Valid ? "invalid" : credential.Revoked ? "revoked" : "valid";
        return new Verification(status, result.Valid, result.Error, keys.KeyId, DateTimeOffset.UtcNow,
            credential.RevokedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, credential.RevocationReason);
    }

    public static BadgeIssue Issue(CredentialStore.Row credential) =>
        JsonSerializer.Deserialize<BadgeIssue>(credential.Issue, StakeholderHub.Json.Options)!;

    private static CredentialStatus Status(CredentialStore.Row credential) =>
        new(credential.Id, credential.Revoked ? "revoked" : "valid",
            credential.RevokedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, credential.RevocationReason);

    private static JsonObject Assertion(CredentialStore.Row credential)
    {
        var issue = Issue(credential);
        var identityHash = JsonNode.Parse(credential.Credential)?["credentialSubject"]?["identifier"]?[0]?["identityHash"]?.GetValue<string>();
        return OpenBadge2.Assertion(issue, new BadgeUrls(issue.BaseUrl), credential.Revoked, credential.RevocationReason, identityHash);
    }

    private static CredentialStore.Row Find(Database database, string id)
    {
        using var sql = database.Read();
        return CredentialStore.Find(sql, id) ?? throw new Refusal(RefusalCode.NotFound, "There is no badge at this address.");
    }

    private static BadgeUrls Urls(HttpRequest request, IOptions<HubOptions> options) => new(PublicBase(options.Value, request));

    private static string KeyUrl(HttpRequest request, IOptions<HubOptions> options, SigningKeys keys) =>
        Urls(request, options).Key(keys.KeyId).AbsoluteUri;

    private static IResult Json(JsonObject document, string contentType = "application/ld+json", int statusCode = StatusCodes.Status200OK) =>
        Results.Text(document.ToJsonString(), contentType, Encoding.UTF8, statusCode);
}

public sealed record Verification(
    string Status,
    bool SignatureValid,
    string? Error,
    string KeyId,
    DateTimeOffset CheckedAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);

public sealed record CredentialStatus(string Id, string Status, DateTimeOffset? RevokedAt, string? RevocationReason);
