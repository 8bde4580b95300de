using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// The JSON Web Token proof of Open Badges 3.0 (§8.2 "JSON Web Token Proof Format", VC 2.0 edition): a compact JWS
/// whose payload is the credential itself with the JWT claims beside its members (no <c>vc</c> wrapper). Signing and
/// checking the signature are Microsoft.IdentityModel's; what is here is what OB 3.0 asks of header and claims.
/// <list type="bullet">
/// <item>JOSE header: <c>alg</c> RS256, <c>typ</c> "JWT" (the spec: "If present, MUST be set to JWT"), the public key
/// as <c>jwk</c>, and, when the key's URL is given, <c>kid</c> = that URL: the spec allows <c>kid</c> only as a URI
/// that dereferences to the JWK, and the published JWKS names the key by the same string (so does the header's
/// <c>jwk</c>), so a verifier that picks the key by <c>kid</c> finds it.</item>
/// <item>Claims: <c>iss</c> = issuer.id, <c>jti</c> = id, <c>sub</c> = credentialSubject.id, <c>nbf</c> = validFrom,
/// <c>exp</c> = validUntil when there is one; <c>iat</c> = validFrom as well (an allowed standard claim).</item>
/// </list>
/// </summary>
public static class VcJwt
{
    private static readonly string[] RegisteredClaims = ["iss", "jti", "sub", "nbf", "iat", "exp"];
    private static readonly string[] AllowedHeaders = ["alg", "typ", "kid", "jwk"];

    // The payload is the credential exactly as given: IdentityModel adds no times of its own.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signs the credential as a compact JWS (VC-JWT).</summary>
    public static string Sign(JsonObject credential, SigningKeys keys) => Sign(credential, keys, null);

    /// <summary>
    /// Signs the credential, naming the key by <paramref name="keyUrl"/> in the <c>kid</c> header (and in the
    /// header's <c>jwk</c>): the URL of the single public JWK (OB 3.0 §8.2: "kid … MUST be the URI that can be
    /// dereferenced to an object of type JWK"), ending with the key's thumbprint.
    /// </summary>
    public static string Sign(JsonObject credential, SigningKeys keys, Uri? keyUrl)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(keys);

        var issuer = IssuerId(credential) ?? throw new ArgumentException("The credential has no issuer id.", nameof(credential));
        var id = Text(credential, "id") ?? throw new ArgumentException("The credential has no id.", nameof(credential));
        var subject = (credential["credentialSubject"] as JsonObject)?["id"]?.GetValue<string>()
            ?? throw new ArgumentException("The credential subject has no id (the JWT needs a sub).", nameof(credential));
        var validFrom = Instant(credential, "validFrom") ?? throw new ArgumentException("The credential has no validFrom.", nameof(credential));
        var validUntil = Instant(credential, "validUntil");
        if (keyUrl is not null && !keyUrl.AbsoluteUri.EndsWith("/" + keys.KeyId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The key URL must end with the key's thumbprint.", nameof(keyUrl));
        }

        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = issuer;
        payload["jti"] = id;
        payload["sub"] = subject;
        payload["nbf"] = validFrom.ToUnixTimeSeconds();
        payload["iat"] = validFrom.ToUnixTimeSeconds();
        if (validUntil is { } until)
        {
            payload["exp"] = until.ToUnixTimeSeconds();
        }

        var kid = keyUrl?.AbsoluteUri;
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["jwk"] = JsonSerializer.SerializeToElement(keys.PublicJwk(kid)),
        };
        return Handler.CreateToken(payload.ToJsonString(), keys.SigningCredentials(kid), header);
    }

    /// <summary>Verifies signature, key and shape, with the current time for nbf/exp.</summary>
    public static VerifyResult Verify(string jwt, SigningKeys keys) => Verify(jwt, keys, DateTimeOffset.UtcNow);

    /// <summary>
    /// Verifies a compact JWS made by <see cref="Sign"/>: the header (RS256, typ JWT, no other headers, our key by
    /// thumbprint or key URL), the signature with our public key, and the claims against the credential as OB 3.0
    /// §8.2.5 says (iss, sub, nbf, jti, exp), plus the credential's contexts and types. The credential returned is
    /// the payload without the JWT claims.
    /// </summary>
    public static VerifyResult Verify(string jwt, SigningKeys keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(jwt))
        {
            return VerifyResult.Fail("No JWT.");
        }

        JsonWebToken token;
        JsonObject? header;
        JsonObject? payload;
        try
        {
            token = new JsonWebToken(jwt.Trim());
            header = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedHeader)) as JsonObject;
            payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)) as JsonObject;
        }
        catch (Exception error) when (error is ArgumentException or FormatException or JsonException or SecurityTokenException)
        {
            return VerifyResult.Fail("Not a compact JWS of base64url-encoded JSON.");
        }

        if (header is null || payload is null || token.IsEncrypted)
        {
            return VerifyResult.Fail("Not a compact JWS of base64url-encoded JSON.");
        }

        if (header.Select(p => p.Key).FirstOrDefault(k => !AllowedHeaders.Contains(k)) is { } extra)
        {
            return VerifyResult.Fail($"Header \"{extra}\" is not allowed.");
        }

        if (Text(header, "alg") != SigningKeys.Algorithm)
        {
            return VerifyResult.Fail($"alg must be {SigningKeys.Algorithm}.");
        }

        if (header["typ"] is not null && Text(header, "typ") != "JWT")
        {
            return VerifyResult.Fail("typ must be JWT.");
        }

        if (KeyProblem(header, keys) is { } keyProblem)
        {
            return VerifyResult.Fail(keyProblem);
        }

        // The claims are OB 3.0's to check (below); IdentityModel checks the signature with the issuer's key.
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = keys.PublicKey,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        // With the key in hand the validation never waits on anything, so it has finished when it returns.
        var validation = Handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!validation.IsValid)
        {
            return VerifyResult.Fail("The signature does not verify.");
        }

        if (ClaimProblem(payload, now) is { } claimProblem)
        {
            return VerifyResult.Fail(claimProblem);
        }

        var credential = (JsonObject)payload.DeepClone();
        foreach (var claim in RegisteredClaims)
        {
            credential.Remove(claim);
        }

        return new VerifyResult(true, null, credential);
    }

    private static string? KeyProblem(JsonObject header, SigningKeys keys)
    {
        var jwk = header["jwk"] as JsonObject;
        var kid = header["kid"] is null ? null : Text(header, "kid");
        if (jwk is null && kid is null)
        {
            return "The header names no key (jwk or kid).";
        }

        if (jwk is not null)
        {
            if (jwk.ContainsKey("d") || jwk.ContainsKey("p") || jwk.ContainsKey("q"))
            {
                return "The header's jwk carries private key members.";
            }

            var given = Text(jwk, "kty") == "RSA" && Text(jwk, "n") is { } n && Text(jwk, "e") is { } e
                ? SigningKeys.Thumbprint(new System.Security.Cryptography.RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(n), Exponent = Base64UrlEncoder.DecodeBytes(e) })
                : null;
            if (given != keys.KeyId)
            {
                return "The header's jwk is not the issuer's key.";
            }

            if (jwk["kid"] is not null && !NamesKey(Text(jwk, "kid"), keys))
            {
                return "The header's jwk has another kid.";
            }
        }

        if (kid is not null && !NamesKey(kid, keys))
        {
            return "The header's kid is not the issuer's key.";
        }

        return null;
    }

    /// <summary>A kid names our key as its thumbprint or as a URL ending with it.</summary>
    private static bool NamesKey(string? kid, SigningKeys keys) =>
        kid is not null && (kid == keys.KeyId || kid.EndsWith("#" + keys.KeyId, StringComparison.Ordinal)
                            || kid.EndsWith("/" + keys.KeyId, StringComparison.Ordinal));

    private static string? ClaimProblem(JsonObject payload, DateTimeOffset now)
    {
        if (payload["@context"] is not JsonArray context || context.Count < 2
            || Value(context[0]) != OpenBadgeCredential.VcContext || Value(context[1]) != OpenBadgeCredential.ObContext)
        {
            return "@context must start with the VC 2.0 context and then the OB 3.0 context.";
        }

        if (payload["type"] is not JsonArray types || !types.Any(t => Value(t) == "VerifiableCredential")
            || !types.Any(t => Value(t) is "OpenBadgeCredential" or "AchievementCredential"))
        {
            return "type must hold VerifiableCredential and OpenBadgeCredential.";
        }

        var issuer = IssuerId(payload);
        if (issuer is null || Text(payload, "iss") != issuer)
        {
            return "iss must equal issuer.id.";
        }

        var subject = (payload["credentialSubject"] as JsonObject)?["id"];
        if (subject is null || Text(payload, "sub") != Value(subject))
        {
            return "sub must equal credentialSubject.id.";
        }

        if (Text(payload, "id") is not { } id || Text(payload, "jti") != id)
        {
            return "jti must equal id.";
        }

        var validFrom = Instant(payload, "validFrom");
        if (validFrom is null || Number(payload, "nbf") is not { } nbf || nbf != validFrom.Value.ToUnixTimeSeconds())
        {
            return "nbf must equal validFrom.";
        }

        if (validFrom.Value > now)
        {
            return "The credential is not valid yet (validFrom is in the future).";
        }

        var validUntil = Instant(payload, "validUntil");
        var exp = Number(payload, "exp");
        if (validUntil is not null || exp is not null)
        {
            if (validUntil is null || exp is null || exp != validUntil.Value.ToUnixTimeSeconds())
            {
                return "exp must equal validUntil.";
            }

            if (validUntil.Value <= now)
            {
                return "The credential has expired.";
            }
        }

        return null;
    }

    private static string? IssuerId(JsonObject credential) => credential["issuer"] switch
    {
        JsonObject profile => Text(profile, "id"),
        JsonValue value => Value(value),
        _ => null,
    };

    private static string? Value(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? Text(JsonObject json, string name) => Value(json[name]);

    private static long? Number(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static DateTimeOffset? Instant(JsonObject json, string name) =>
        Text(json, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
