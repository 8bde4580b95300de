using System.Text.Json.Nodes;

namespace StakeholderHub.Badges.Credentials;

/// <summary>The outcome of <see cref="VcJwt.Verify(string, SigningKeys)"/>: the credential when valid, else why not.</summary>
public sealed record VerifyResult(bool Valid, string? Error, JsonObject? Credential)
{
    public static VerifyResult Fail(string error) => new(false, error, null);
}
