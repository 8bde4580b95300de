using Dapper;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>
/// Claiming, issuing to all, revoking, and what the hub serves for a credential: the signed JWT against the published
/// keys, the baked images, the status, the badge page, the OB 2.0 assertion and the exports.
/// </summary>
public sealed class IssuingTests : BoardTest
{
    private BoardClient _facilitator = null!;
    private BoardClient _owner = null!;
    private long _proposal;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        _owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        _proposal = await Room.CreateProposal(_owner, Room.ProposalInput("Learning cities twinning"));
    }

    [Fact]
    public async Task AnEligibleParticipantClaimsAVerifiableBadgeAndTheFacilitatorRevokesIt()
    {
        var ana = await Room.Connect(await Room.Join("Ana <b>Peeters</b>", "Youth Centre Kiel"));
        await Eligible(ana);

        var claimed = await Claim(ana, "  Ana.Peeters@Example.org ");
        var id = claimed.GetProperty("badge").GetProperty("id").GetString()!;
        var url = claimed.GetProperty("badge").GetProperty("url").GetString()!;
        Assert.Equal(new Uri(Server.BaseUrl, $"badges/{id}").AbsoluteUri, url);
        Assert.Matches("^[A-Za-z0-9]{24}$", id);
        await ana.WaitUntil(c => c.Progress[c.PersonId]["badge"] is JsonObject badge && badge["id"]!.GetValue<string>() == id, "the badge in Ana's progress");
        await _facilitator.WaitUntil(c => c.Progress.TryGetValue(ana.PersonId, out var p) && p["badge"] is JsonObject, "the badge for the facilitator");

        // Claiming again (a retry, another address) answers the same badge: never two.
        var again = await Claim(ana, "other@example.org");
        Assert.Equal(id, again.GetProperty("badge").GetProperty("id").GetString());
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM credentials"));

        // The signed credential verifies against the published keys, and says what Ana did.
        var jwt = await Text($"badges/{id}/credential.jwt");
        var payload = VerifyWithPublishedKeys(jwt, await Json(".well-known/jwks.json"));
        var kid = JsonNode.Parse(Base64UrlDecode(jwt.Split('.')[0]))!["kid"]!.GetValue<string>();
        Assert.StartsWith(Server.BaseUrl.AbsoluteUri, kid, StringComparison.Ordinal);
        var single = await Json(new Uri(kid).PathAndQuery.TrimStart('/'));
        Assert.Equal((await Json(".well-known/jwks.json"))["keys"]![0]!.ToJsonString(), single.ToJsonString());
        Assert.Equal(url, payload["jti"]!.GetValue<string>());
        Assert.Equal(url, payload["id"]!.GetValue<string>());
        Assert.Equal(payload["credentialSubject"]!["id"]!.GetValue<string>(), payload["sub"]!.GetValue<string>());
        Assert.DoesNotContain("example.org", jwt + Base64UrlDecode(jwt.Split('.')[1]), StringComparison.OrdinalIgnoreCase);
        var identity = payload["credentialSubject"]!["identifier"]![0]!;
        // Over the address as Ana typed it (without the white space around it): OB 3.0 §9.3 hashes what the verifier holds.
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Ana.Peeters@Example.org" + identity["salt"]!.GetValue<string>()))),
            identity["identityHash"]!.GetValue<string>());
        var evidence = payload["evidence"]!.AsArray().Select(e => e!["narrative"]?.GetValue<string>() ?? e!["description"]!.GetValue<string>()).ToList();
        Assert.Equal(4, evidence.Count);
        Assert.Contains(evidence, e => e.Contains("Learning cities twinning", StringComparison.Ordinal) && e.Contains("partner", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Contains("question", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Contains("reflection", StringComparison.Ordinal));
        // The JSON served equals the signed payload's credential.
        var json = await Json($"badges/{id}/credential.json");
        Assert.Equal(json["evidence"]!.ToJsonString(), payload["evidence"]!.ToJsonString());
        // What the hub issued, not a sample, passes the official OB 3.0 schema, as served and as signed.
        Assert.Empty(CredentialShapeTests.SchemaErrors(json));
        Assert.Empty(CredentialShapeTests.SchemaErrors(payload));
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            json["@context"]!.AsArray().Select(c => c!.GetValue<string>()));

        // The baked images give back the exact signed credential.
        var png = await Server.Http.GetByteArrayAsync($"badges/{id}/badge.png");
        Assert.Equal(jwt, Baking.ReadPng(png, "openbadgecredential"));
        Assert.Equal(jwt, Baking.ReadSvg(await Text($"badges/{id}/badge.svg"), ob3: true));

        // The page: encoded name, evidence, verify button that checks on the server.
        var page = await Text($"badges/{id}");
        Assert.Contains("Ana &lt;b&gt;Peeters&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Peeters", page, StringComparison.Ordinal);
        Assert.Contains("og:title", page, StringComparison.Ordinal);
        Assert.Contains("linkedin.com/profile/add", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"valid\"", await Text($"badges/{id}?verify=true"), StringComparison.Ordinal);
        Assert.Equal("valid", (await Json($"badges/{id}/status"))["status"]!.GetValue<string>());
        Assert.Equal("valid", (await Json($"badges/{id}/verification"))["status"]!.GetValue<string>());

        // OB 2.0: the hosted assertion, its badge class and issuer.
        var assertion = await Json($"ob2/assertions/{id}");
        Assert.Equal("Assertion", assertion["type"]!.GetValue<string>());
        var badgeClass = await Json(new Uri(assertion["badge"]!.GetValue<string>()).PathAndQuery.TrimStart('/'));
        Assert.Equal("BadgeClass", badgeClass["type"]!.GetValue<string>());
        var issuer = await Json(new Uri(badgeClass["issuer"]!.GetValue<string>()).PathAndQuery.TrimStart('/'));
        Assert.Equal("Cities of Learning Network", issuer["name"]!.GetValue<string>());
        var ob2Png = await Server.Http.GetByteArrayAsync($"ob2/assertions/{id}/badge.png");
        Assert.Equal(assertion["id"]!.GetValue<string>(), JsonNode.Parse(Baking.ReadPng(ob2Png, "openbadges")!)!["id"]!.GetValue<string>());

        // Revoked: status, verification, page, OB 2.0 (410), and Ana's progress all say so.
        await Room.RefusedWithoutChange(ana, "forbidden:", "RevokeBadge", id, "mine");
        await Room.RefusedWithoutChange(_facilitator, "not_found:", "RevokeBadge", "AAAAAAAAAAAAAAAAAAAAAAAA", "");
        await Room.RefusedWithoutChange(_facilitator, "invalid:", "RevokeBadge", id, new string('r', 301));
        var revoked = await _facilitator.Call("RevokeBadge", id, "Issued to the wrong person");
        await ana.WaitForVersion(revoked.Version);
        Assert.True(ana.Progress[ana.PersonId]["badge"]!["revoked"]!.GetValue<bool>());
        var status = await Json($"badges/{id}/status");
        Assert.Equal(("revoked", "Issued to the wrong person"), (status["status"]!.GetValue<string>(), status["revocationReason"]!.GetValue<string>()));
        Assert.Equal("revoked", (await Json($"badges/{id}/verification"))["status"]!.GetValue<string>());
        Assert.Contains("data-status=\"revoked\"", await Text($"badges/{id}?verify=true"), StringComparison.Ordinal);
        using var gone = await Server.Http.GetAsync($"ob2/assertions/{id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.True(JsonNode.Parse(await gone.Content.ReadAsStringAsync())!["revoked"]!.GetValue<bool>());
        var version = Room.EventVersion();
        await _facilitator.Call("RevokeBadge", id, "again");
        Assert.Equal(version, Room.EventVersion());
        // Still never a second one.
        Assert.Equal(id, (await Claim(ana, "ana@example.org")).GetProperty("badge").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ClaimsThatCannotBeHonouredChangeNothing()
    {
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        await ana.Call("JoinProposal", _proposal, Room.Membership("partner"));
        var message = await Room.RefusedWithoutChange(ana, "invalid:", "ClaimBadge", new { email = "ana@example.org" });
        Assert.Contains("question or sharing a practice", message, StringComparison.Ordinal);
        Assert.Contains("reflection", message, StringComparison.Ordinal);

        await Eligible(ana, joined: true);
        await Room.RefusedWithoutChange(ana, "invalid:", "ClaimBadge", new { email = "" });
        await Room.RefusedWithoutChange(ana, "invalid:", "ClaimBadge", new { email = "not an address" });
        await Room.RefusedWithoutChange(ana, "invalid:", "ClaimBadge", new { email = new string('a', 250) + "@x.org" });
        await Room.RefusedWithoutChange(ana, "invalid:", "ClaimBadge", [null]);
        await Room.RefusedWithoutChange(_owner, "forbidden:", "ClaimBadge", new { email = "jan@example.org" });
        await Room.RefusedWithoutChange(_facilitator, "forbidden:", "ClaimBadge", new { email = "f@example.org" });
        await Room.RefusedWithoutChange(ana, "forbidden:", "IssueBadges");

        using var missing = await Server.Http.GetAsync("badges/AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var malformed = await Server.Http.GetAsync("ob2/assertions/..%2Fissuer");
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task TheFacilitatorIssuesToEveryEligibleParticipantOnceAndExportsTheEarners()
    {
        // Ana agreed at check-in that her address may be used for the badge (issue 14).
        var ana = await Room.Connect(await Room.Join("Ana Peeters", email: "ana@example.org", badgeEmail: true));
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var carla = await Room.Connect(await Room.Join("Carla Mertens", email: "carla@example.org", badgeEmail: true));
        var dirk = await Room.Connect(await Room.Join("=HYPERLINK(\"x\") Dirk", email: "dirk@example.org"));
        await Eligible(ana);
        await Eligible(bram);
        await Eligible(dirk);
        await carla.Call("UpvoteProposal", _proposal); // not eligible
        var dirksOwn = await dirk.Invoke("ClaimBadge", new { email = "dirk@example.org", contact = true });

        var report = await _facilitator.Invoke("IssueBadges");
        Assert.Equal(1, report.GetProperty("issued").GetInt32());
        Assert.Equal(1, report.GetProperty("alreadyIssued").GetInt32());
        Assert.Equal([bram.PersonId], report.GetProperty("eligibleWithoutEmail").EnumerateArray().Select(e => e.GetInt64()));
        await ana.WaitUntil(c => c.Progress[c.PersonId]["badge"] is JsonObject, "Ana's badge");
        Assert.Equal(2, Room.Scalar("SELECT COUNT(*) FROM credentials"));
        Assert.Equal("facilitator", Room.Scalar<string>("SELECT issued_by FROM credentials WHERE person_id = @Id", new { Id = ana.PersonId }));

        // Again: nothing new.
        var before = Room.Dump();
        var second = await _facilitator.Invoke("IssueBadges");
        Assert.Equal((0, 2), (second.GetProperty("issued").GetInt32(), second.GetProperty("alreadyIssued").GetInt32()));
        Assert.Equal(before, Room.Dump());

        // Bram can still claim with an address of his own.
        await Claim(bram, "bram@example.org");

        using var csvResponse = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/badges/earners.csv");
        var csv = await Csv.Read(csvResponse);
        Assert.True(csv.ByteOrderMark && csv.EveryFieldQuoted);
        Assert.Equal(["name", "organisation", "email", "issued at (UTC)", "badge URL", "status", "issued by"], csv.Rows[0]);
        Assert.Equal(
            ["'=HYPERLINK(\"x\") Dirk", "Ana Peeters", "Bram Claes"],
            csv.Rows.Skip(1).Select(row => row[0]).ToList());
        // The address only where its holder agreed to be contacted with it (issue 14): Dirk did.
        Assert.Equal(["dirk@example.org", "", ""], csv.Rows.Skip(1).Select(row => row[2]).ToList());
        Assert.All(csv.Rows.Skip(1), row => Assert.StartsWith(new Uri(Server.BaseUrl, "badges/").AbsoluteUri, row[4], StringComparison.Ordinal));
        Assert.Equal(dirksOwn.GetProperty("badge").GetProperty("url").GetString(), csv.Rows[1][4]);

        using var bundleResponse = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/badges/credentials.json");
        var bundle = JsonNode.Parse(await bundleResponse.Content.ReadAsStringAsync())!;
        var jwks = await Json(".well-known/jwks.json");
        Assert.Equal(3, bundle["credentials"]!.AsArray().Count);
        Assert.All(bundle["credentials"]!.AsArray(), item => VerifyWithPublishedKeys(item!["jwt"]!.GetValue<string>(), jwks));

        using var forbidden = await BoardHttp.Get(Server, ana.Token, "/api/badges/earners.csv");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var forbiddenBundle = await BoardHttp.Get(Server, _owner.Token, "/api/badges/credentials.json");
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenBundle.StatusCode);
        using var anonymous = await BoardHttp.Get(Server, null, "/api/badges/earners.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task TheSigningKeyIsMadeOnceAtStartAndSurvivesARestart()
    {
        // Made at start, before any badge: in the data folder, or on PostgreSQL in the database the nodes share.
        var keys = StoredKeys();
        Assert.Single(keys);
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        await Eligible(ana);
        var id = (await Claim(ana, "ana@example.org")).GetProperty("badge").GetProperty("id").GetString()!;
        Assert.Equal(keys, StoredKeys());
        var before = (await Json(".well-known/jwks.json"))["keys"]![0]!.AsObject();

        // The kid is the key's URL under the hub's address, which here is a new port after the restart: the key
        // itself (its thumbprint, the URL's last segment) is the same one.
        await Server.Restart();
        var after = (await Json(".well-known/jwks.json"))["keys"]![0]!.AsObject();
        Assert.Equal(before["kid"]!.GetValue<string>().Split('/')[^1], after["kid"]!.GetValue<string>().Split('/')[^1]);
        Assert.Equal((before["n"]!.GetValue<string>(), before["e"]!.GetValue<string>()), (after["n"]!.GetValue<string>(), after["e"]!.GetValue<string>()));
        before["kid"] = new Uri(Server.BaseUrl, new Uri(before["kid"]!.GetValue<string>()).PathAndQuery).AbsoluteUri;
        Assert.True(JsonNode.DeepEquals(before, after));
        Assert.Equal("valid", (await Json($"badges/{id}/verification"))["status"]!.GetValue<string>());
    }

    private string[] StoredKeys()
    {
        if (!TestStore.Postgres)
        {
            return Directory.GetFiles(Path.Combine(Server.DataPath, "keys"));
        }

        Assert.False(Directory.Exists(Path.Combine(Server.DataPath, "keys")));
        using var connection = Server.Db();
        return [.. connection.Query<string>("SELECT value FROM server_secrets WHERE name = 'badge-signing.json'")];
    }

    /// <summary>Plays the steps of the default rule through the hub.</summary>
    private async Task Eligible(BoardClient participant, bool joined = false)
    {
        if (!joined)
        {
            await participant.Call("JoinProposal", _proposal, Room.Membership("partner"));
        }

        await participant.Call("AskQuestion", Room.QuestionInput("How do we apply?"));
        var last = await participant.Call("SaveReflection", new { takeHome = "Partners in Lisbon.", contribute = "Hosting." });
        await participant.WaitForVersion(last.Version);
        Assert.True(participant.Eligible(participant.PersonId), $"{participant.Label} is eligible");
    }

    private static async Task<JsonElement> Claim(BoardClient participant, string email) =>
        await participant.Invoke("ClaimBadge", new { email });

    private async Task<string> Text(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonObject> Json(string path) => JsonNode.Parse(await Text(path))!.AsObject();

    /// <summary>Checks an RS256 compact JWS with the RSA key the JWKS names in its header (not with the hub's code).</summary>
    private static JsonObject VerifyWithPublishedKeys(string jwt, JsonObject jwks)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64UrlDecode(parts[0]))!;
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        // The header's kid is the URL of the one key, and the JWKS names the key by that very string (RFC 7515 §4.1.4).
        var jwk = jwks["keys"]!.AsArray().Single(key => key!["kid"]!.GetValue<string>() == header["kid"]!.GetValue<string>())!;
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url(jwk["n"]!.GetValue<string>()),
            Exponent = Base64Url(jwk["e"]!.GetValue<string>()),
        });
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "the signature verifies with the published key");
        return JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
    }

    private static byte[] Base64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static string Base64UrlDecode(string text) => Encoding.UTF8.GetString(Base64Url(text));
}
