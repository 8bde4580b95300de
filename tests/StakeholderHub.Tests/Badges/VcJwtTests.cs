using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>The VC-JWT against the published JWKS, with an independent JWT library and with VcJwt.Verify.</summary>
public sealed class VcJwtTests(TempKeys temp) : IClassFixture<TempKeys>
{
    private readonly SigningKeys _keys = temp.Keys;

    private string Jwt() => VcJwt.Sign(BadgeSamples.Credential(_keys.KeyId), _keys);

    private static JsonObject Part(string jwt, int index) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index].AsSpan()))!.AsObject();

    /// <summary>IdentityModel validation with only the JWKS (as JSON) in hand: the key is the JWKS key whose kid the header's jwk names.</summary>
    private async Task<TokenValidationResult> ValidateWithIdentityModel(string jwt)
    {
        var jwks = new JsonWebKeySet(_keys.Jwks().ToJsonString());
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = BadgeSamples.Urls.Issuer().AbsoluteUri,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            TryAllIssuerSigningKeys = false,
            IssuerSigningKeyResolver = (token, securityToken, kid, _) =>
            {
                var headerKid = Part(token, 0)["jwk"]?["kid"]?.GetValue<string>();
                return jwks.Keys.Where(k => k.Kid == headerKid);
            },
        };
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, parameters);
    }

    [Fact]
    public async Task The_jwt_verifies_against_the_published_jwks_in_an_independent_library()
    {
        var jwt = Jwt();
        var result = await ValidateWithIdentityModel(jwt);

        Assert.True(result.IsValid, result.Exception?.ToString());
        var headerKid = Part(jwt, 0)["jwk"]!["kid"]!.GetValue<string>();
        var key = Assert.Single(new JsonWebKeySet(_keys.Jwks().ToJsonString()).Keys, k => k.Kid == headerKid);
        Assert.Equal(_keys.KeyId, key.Kid);
        // The kid is the RFC 7638 thumbprint, as IdentityModel computes it.
        Assert.Equal(_keys.KeyId, Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()));
        Assert.Equal(BadgeSamples.Urls.Issuer().AbsoluteUri, result.Issuer);
    }

    [Fact]
    public void The_header_and_claims_follow_OB_3_0_section_8_2()
    {
        var credential = BadgeSamples.Credential(_keys.KeyId);
        var jwt = VcJwt.Sign(credential, _keys);
        var header = Part(jwt, 0);
        var payload = Part(jwt, 1);

        Assert.Equal(["alg", "typ", "jwk"], header.Select(p => p.Key));
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("JWT", header["typ"]!.GetValue<string>());
        var jwk = header["jwk"]!.AsObject();
        Assert.Equal(_keys.KeyId, jwk["kid"]!.GetValue<string>());
        Assert.False(jwk.ContainsKey("d"));

        Assert.Equal(credential["issuer"]!["id"]!.GetValue<string>(), payload["iss"]!.GetValue<string>());
        Assert.Equal(credential["id"]!.GetValue<string>(), payload["jti"]!.GetValue<string>());
        Assert.Equal(credential["credentialSubject"]!["id"]!.GetValue<string>(), payload["sub"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2025-10-15T14:30:12Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.False(payload.ContainsKey("exp"));
        Assert.False(payload.ContainsKey("vc"));
        // The credential's members are the payload's, unchanged.
        foreach (var (name, value) in credential)
        {
            Assert.True(JsonNode.DeepEquals(value, payload[name]), name);
        }
    }

    [Fact]
    public void Every_payload_member_is_a_context_term_except_the_jti_that_section_8_2_requires()
    {
        JsonObject[] contexts =
        [
            BadgeSamples.VendorJson("contexts/credentials-v2.jsonld"),
            BadgeSamples.VendorJson("contexts/ob-v3p0-context-3.0.3.json"),
        ];
        var payload = Part(Jwt(), 1);

        // iss, sub, nbf, iat and exp are VC 2.0 context terms; jti is not (the official validator's own copy of the
        // OB context adds it; the spec repository's does not yet).
        Assert.Equal(["$.jti"], JsonLdTerms.Undefined(payload, contexts, new HashSet<string> { OpenBadgeCredential.SchemaType }));
    }

    [Fact]
    public void VcJwt_verify_accepts_the_jwt_and_gives_back_the_credential()
    {
        var credential = BadgeSamples.Credential(_keys.KeyId);
        var result = VcJwt.Verify(VcJwt.Sign(credential, _keys), _keys);

        Assert.True(result.Valid, result.Error);
        Assert.Null(result.Error);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential));
        Assert.Empty(CredentialShapeTests.SchemaErrors(result.Credential!));
    }

    [Fact]
    public async Task A_jwt_with_one_byte_of_its_payload_changed_fails_in_both()
    {
        var jwt = Jwt();
        var parts = jwt.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[1].AsSpan());
        var at = Encoding.UTF8.GetString(payload).IndexOf("EcoSystem Explorer", StringComparison.Ordinal);
        payload[at] = (byte)'e'; // still valid JSON, one byte different
        var tampered = parts[0] + "." + Base64Url.EncodeToString(payload) + "." + parts[2];

        Assert.True(JsonNode.Parse(payload) is JsonObject);
        Assert.False((await ValidateWithIdentityModel(tampered)).IsValid);
        var result = VcJwt.Verify(tampered, _keys);
        Assert.False(result.Valid);
        Assert.Null(result.Credential);
        Assert.Contains("signature", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True((await ValidateWithIdentityModel(jwt)).IsValid);
    }

    [Fact]
    public void A_jwt_signed_by_another_key_fails()
    {
        using var other = new TempKeys();
        var foreign = VcJwt.Sign(BadgeSamples.Credential(), other.Keys);

        Assert.True(VcJwt.Verify(foreign, other.Keys).Valid);
        var result = VcJwt.Verify(foreign, _keys);
        Assert.False(result.Valid);
        Assert.Contains("key", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_header_swapped_for_another_alg_or_extra_headers_fails()
    {
        var parts = Jwt().Split('.');
        string With(JsonObject header) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + parts[1] + "." + parts[2];

        var none = Part(Jwt(), 0);
        none["alg"] = "none";
        Assert.False(VcJwt.Verify(With(none), _keys).Valid);

        var extra = Part(Jwt(), 0);
        extra["x5u"] = "http://example.org/cert";
        Assert.Contains("x5u", VcJwt.Verify(With(extra), _keys).Error);

        Assert.False(VcJwt.Verify("not.a.jwt", _keys).Valid);
        Assert.False(VcJwt.Verify("", _keys).Valid);
    }

    [Fact]
    public void Validity_times_are_checked_against_the_clock()
    {
        var issuedOn = BadgeSamples.Issue().IssuedOn;
        var jwt = Jwt();

        Assert.True(VcJwt.Verify(jwt, _keys, issuedOn.AddSeconds(1)).Valid);
        var early = VcJwt.Verify(jwt, _keys, issuedOn.AddMinutes(-1));
        Assert.False(early.Valid);
        Assert.Contains("not valid yet", early.Error);

        var expiring = BadgeSamples.Credential();
        expiring["validUntil"] = "2026-01-01T00:00:00Z";
        var withExp = VcJwt.Sign(expiring, _keys);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), Part(withExp, 1)["exp"]!.GetValue<long>());
        Assert.True(VcJwt.Verify(withExp, _keys, new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)).Valid);
        Assert.Contains("expired", VcJwt.Verify(withExp, _keys, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)).Error);
    }
}
