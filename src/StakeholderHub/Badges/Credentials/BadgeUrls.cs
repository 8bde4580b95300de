namespace StakeholderHub.Badges.Credentials;

/// <summary>Every stable public URL of the badges, in one place. All of them live under the hub's public origin.</summary>
public sealed class BadgeUrls
{
    private readonly Uri _base;

    public BadgeUrls(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The base URL must be an absolute http or https URL.", nameof(baseUrl));
        }

        // Query and fragment never belong to the base; a path (a hub behind a prefix) does, and ends with '/'.
        var text = baseUrl.GetLeftPart(UriPartial.Path);
        _base = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The public origin (with a trailing slash) that every URL here starts with.</summary>
    public Uri Base => _base;

    /// <summary>The OB 3.0 issuer Profile (JSON).</summary>
    public Uri Issuer() => At("badges/issuer");

    /// <summary>The OB 3.0 Achievement of one event (JSON).</summary>
    public Uri Achievement(long eventId) => At($"badges/events/{eventId}/achievement");

    /// <summary>The badge artwork as PNG.</summary>
    public Uri Image() => At("badges/image.png");

    /// <summary>The badge pages' style sheet.</summary>
    public Uri PageStyle() => At("badges/page.css");

    /// <summary>The badge artwork as SVG.</summary>
    public Uri ImageSvg() => At("badges/image.svg");

    /// <summary>The public badge page; also the credential's <c>id</c> (and so the JWT's <c>jti</c>).</summary>
    public Uri Credential(string credentialId) => At($"badges/{Segment(credentialId)}");

    /// <summary>One evidence entry (1, 2, …) on the public badge page: the <c>id</c> of the credential's evidence.</summary>
    public Uri Evidence(string credentialId, int number) => new(Credential(credentialId), $"#evidence-{number}");

    /// <summary>The signed credential as a compact JWS (VC-JWT).</summary>
    public Uri CredentialJwt(string credentialId) => At($"badges/{Segment(credentialId)}/credential.jwt");

    /// <summary>The credential as JSON (the JWT's payload, without the JWT claims).</summary>
    public Uri CredentialJson(string credentialId) => At($"badges/{Segment(credentialId)}/credential.json");

    /// <summary>The artwork with the OB 3.0 credential baked in, as PNG.</summary>
    public Uri BakedPng(string credentialId) => At($"badges/{Segment(credentialId)}/badge.png");

    /// <summary>The artwork with the OB 3.0 credential baked in, as SVG.</summary>
    public Uri BakedSvg(string credentialId) => At($"badges/{Segment(credentialId)}/badge.svg");

    /// <summary>The credential's revocation status (served by the hub as {"status":"valid"|"revoked",...}).</summary>
    public Uri Status(string credentialId) => At($"badges/{Segment(credentialId)}/status");

    /// <summary>One status list (a signed BitstringStatusListCredential, VC-JWT); list 0 holds indexes 0 … 131071.</summary>
    public Uri StatusList(long number) => At($"badges/status-lists/{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>One public signing key as a JWK, by its thumbprint: the <c>kid</c> of the VC-JWT header.</summary>
    public Uri Key(string keyId) => At($"badges/keys/{Segment(keyId)}");

    /// <summary>The issuer's public signing keys (JWKS).</summary>
    public Uri Jwks() => At(".well-known/jwks.json");

    /// <summary>The OB 2.0 Issuer (Profile).</summary>
    public Uri Ob2Issuer() => At("ob2/issuer");

    /// <summary>The OB 2.0 BadgeClass of one event.</summary>
    public Uri Ob2BadgeClass(long eventId) => At($"ob2/events/{eventId}/badgeclass");

    /// <summary>The OB 2.0 hosted Assertion (its verification URL).</summary>
    public Uri Ob2Assertion(string credentialId) => At($"ob2/assertions/{Segment(credentialId)}");

    /// <summary>The artwork with the OB 2.0 assertion baked in, as PNG.</summary>
    public Uri Ob2BakedPng(string credentialId) => At($"ob2/assertions/{Segment(credentialId)}/badge.png");

    /// <summary>The artwork with the OB 2.0 assertion baked in, as SVG.</summary>
    public Uri Ob2BakedSvg(string credentialId) => At($"ob2/assertions/{Segment(credentialId)}/badge.svg");

    private Uri At(string relative) => new(_base, relative);

    private static string Segment(string credentialId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(credentialId);
        return Uri.EscapeDataString(credentialId);
    }
}
