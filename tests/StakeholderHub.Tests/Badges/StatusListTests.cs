using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>
/// Revocation as a verifier sees it: the credential's BitstringStatusListEntry, and the signed status list the hub
/// serves, checked here without the hub's code (IdentityModel against the published JWKS, gunzip, read the bit).
/// </summary>
public sealed class StatusListTests : BoardTest
{
    private static readonly JsonObject[] Contexts =
    [
        BadgeSamples.VendorJson("contexts/credentials-v2.jsonld"),
        BadgeSamples.VendorJson("contexts/ob-v3p0-context-3.0.3.json"),
    ];

    [Fact]
    public void A_credential_with_a_status_index_stays_valid_under_the_official_schema_and_uses_only_defined_terms()
    {
        var credential = OpenBadgeCredential.Build(BadgeSamples.Issue() with { StatusIndex = 131_073 }, BadgeSamples.Urls, "k");

        var status = credential["credentialStatus"]!.AsObject();
        Assert.Equal("BitstringStatusListEntry", status["type"]!.GetValue<string>());
        Assert.Equal("revocation", status["statusPurpose"]!.GetValue<string>());
        // List 1 holds indexes 131072 … 262143: the entry is its bit 1.
        Assert.Equal("http://127.0.0.1:5000/badges/status-lists/1", status["statusListCredential"]!.GetValue<string>());
        Assert.Equal("1", status["statusListIndex"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:5000/badges/status-lists/1#1", status["id"]!.GetValue<string>());
        Assert.Empty(CredentialShapeTests.SchemaErrors(credential));
        Assert.Empty(JsonLdTerms.Undefined(credential, Contexts, new HashSet<string> { OpenBadgeCredential.SchemaType }));

        var list = StatusList.Credential(BadgeSamples.Urls, 1, [1], DateTimeOffset.UnixEpoch);
        Assert.Empty(JsonLdTerms.Undefined(list, Contexts[..1]));
    }

    [Fact]
    public async Task A_revoked_badge_fails_an_independent_check_against_the_status_list_and_an_unrevoked_one_passes()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var (anaId, anaJwt) = await BadgeFlow.Issue(Room, Server, "Ana Peeters", "ana@example.org");
        var (bramId, bramJwt) = await BadgeFlow.Issue(Room, Server, "Bram Claes", "bram@example.org");

        // Each has a stable place of its own, signed into the credential.
        var anaEntry = Payload(anaJwt)["credentialStatus"]!;
        var bramEntry = Payload(bramJwt)["credentialStatus"]!;
        Assert.NotEqual(anaEntry["statusListIndex"]!.GetValue<string>(), bramEntry["statusListIndex"]!.GetValue<string>());
        Assert.Empty(CredentialShapeTests.SchemaErrors(Payload(anaJwt)));

        Assert.Equal((true, "valid"), await Verify(anaJwt));
        Assert.Equal((true, "valid"), await Verify(bramJwt));

        var revoked = await facilitator.Call("RevokeBadge", anaId, "Issued to the wrong person");
        await facilitator.WaitForVersion(revoked.Version);

        Assert.Equal((false, "revoked"), await Verify(anaJwt));
        Assert.Equal((true, "valid"), await Verify(bramJwt));
        // The hub's own view agrees.
        Assert.Contains("\"revoked\"", await Server.Http.GetStringAsync($"badges/{anaId}/status"), StringComparison.Ordinal);
        Assert.Contains("\"valid\"", await Server.Http.GetStringAsync($"badges/{bramId}/status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_list_is_a_signed_BitstringStatusListCredential_of_the_issuer()
    {
        var (_, jwt) = await BadgeFlow.Issue(Room, Server);
        var url = Payload(jwt)["credentialStatus"]!["statusListCredential"]!.GetValue<string>();

        using var response = await Server.Http.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType!.MediaType);
        var list = await ValidatedPayload(await response.Content.ReadAsStringAsync());

        Assert.Equal(url, list["id"]!.GetValue<string>());
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], list["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(Payload(jwt)["issuer"]!["id"]!.GetValue<string>(), list["issuer"]!.GetValue<string>());
        Assert.Equal(list["issuer"]!.GetValue<string>(), list["iss"]!.GetValue<string>());
        var subject = list["credentialSubject"]!;
        Assert.Equal("BitstringStatusList", subject["type"]!.GetValue<string>());
        Assert.Equal("revocation", subject["statusPurpose"]!.GetValue<string>());
        Assert.Equal(StatusList.Size / 8, Bitstring(subject["encodedList"]!.GetValue<string>()).Length);
        // As in the badges' JWTs, jti is the one member no context defines (VcJwtTests).
        Assert.Equal(["$.jti"], JsonLdTerms.Undefined(list, Contexts[..1]));

        using var none = await Server.Http.GetAsync("badges/status-lists/-1");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, none.StatusCode);
    }

    /// <summary>
    /// A verifier's check, by the W3C Bitstring Status List steps: the credential's signature against the JWKS (key by
    /// kid), then its status list's signature against the JWKS, the list's purpose, then the bit at the index.
    /// </summary>
    private async Task<(bool Valid, string Why)> Verify(string jwt)
    {
        var credential = await ValidatedPayload(jwt);
        var entry = credential["credentialStatus"]!;
        Assert.Equal("BitstringStatusListEntry", entry["type"]!.GetValue<string>());
        var list = await ValidatedPayload(await Server.Http.GetStringAsync(new Uri(entry["statusListCredential"]!.GetValue<string>()).PathAndQuery));
        Assert.Equal(entry["statusPurpose"]!.GetValue<string>(), list["credentialSubject"]!["statusPurpose"]!.GetValue<string>());
        var bits = Bitstring(list["credentialSubject"]!["encodedList"]!.GetValue<string>());
        var index = int.Parse(entry["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var set = (bits[index / 8] & (0x80 >> (index % 8))) != 0;
        return set ? (false, "revoked") : (true, "valid");
    }

    private async Task<JsonObject> ValidatedPayload(string jwt)
    {
        var keys = new JsonWebKeySet(await Server.Http.GetStringAsync(".well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Keys,
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        return Payload(jwt);
    }

    private static JsonObject Payload(string jwt) => JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1]))!.AsObject();

    /// <summary>Multibase base64url ("u" + …, no padding), then gunzip.</summary>
    private static byte[] Bitstring(string encoded)
    {
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        return bits.ToArray();
    }
}
