using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StakeholderHub.Tests.Badges;

/// <summary>A verifier that picks the key by the JWT header's <c>kid</c>, as most JOSE libraries do, finds it in the published JWKS.</summary>
public sealed class KeyIdTests : BoardTest
{
    [Fact]
    public async Task TheHeaderKidIsAKidOfThePublishedKeySetAndOfTheSingleKey()
    {
        var (_, jwt) = await BadgeFlow.Issue(Room, Server);

        var header = JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0]))!.AsObject();
        var kid = header["kid"]!.GetValue<string>();
        var jwks = await Server.Http.GetStringAsync(".well-known/jwks.json");
        var keySet = new JsonWebKeySet(jwks);
        Assert.Contains(kid, keySet.Keys.Select(key => key.Kid));
        // The header's jwk and the key's own URL carry the same kid.
        Assert.Equal(kid, header["jwk"]!["kid"]!.GetValue<string>());
        var single = new JsonWebKey(await Server.Http.GetStringAsync(new Uri(kid).PathAndQuery));
        Assert.Equal(kid, single.Kid);

        // IdentityModel's own key selection (by kid, no resolver of ours, no trying every key) accepts the JWT.
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = keySet.Keys,
            TryAllIssuerSigningKeys = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireExpirationTime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
    }
}
