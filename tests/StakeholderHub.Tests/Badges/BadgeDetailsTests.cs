using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>What a verifier expects beside the proof: awarded date, images, evidence ids, the issuer's e-mail, the JWT's media type.</summary>
public sealed class BadgeDetailsTests
{
    [Fact]
    public void The_credential_has_its_awarded_date_its_image_and_evidence_that_point_at_the_badge_page()
    {
        var credential = BadgeSamples.Credential();

        Assert.Equal(credential["validFrom"]!.GetValue<string>(), credential["awardedDate"]!.GetValue<string>());
        var image = credential["image"]!.AsObject();
        Assert.Equal("http://127.0.0.1:5000/badges/Zq7xN2b_LpW4tR9sVe1cYg/badge.png", image["id"]!.GetValue<string>());
        Assert.Equal("Image", image["type"]!.GetValue<string>());
        Assert.Equal(
            new[] { 1, 2, 3, 4 }.Select(n => $"http://127.0.0.1:5000/badges/Zq7xN2b_LpW4tR9sVe1cYg#evidence-{n}"),
            credential["evidence"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.Empty(CredentialShapeTests.SchemaErrors(credential));
    }

    [Fact]
    public void The_issuer_profile_has_an_image()
    {
        var issuer = OpenBadgeCredential.IssuerDocument(BadgeSamples.Urls);

        Assert.Equal("http://127.0.0.1:5000/badges/image.png", issuer["image"]!["id"]!.GetValue<string>());
        Assert.Equal("Image", issuer["image"]!["type"]!.GetValue<string>());
        Assert.Equal(issuer["image"]!.ToJsonString(), BadgeSamples.Credential()["issuer"]!["image"]!.ToJsonString());
    }

    [Fact]
    public void The_OB_2_0_evidence_has_the_same_ids()
    {
        var assertion = OpenBadge2.Assertion(BadgeSamples.Issue(), BadgeSamples.Urls, revoked: false, revocationReason: null);

        Assert.Equal(
            BadgeSamples.Credential()["evidence"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()),
            assertion["evidence"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_hub_serves_the_jwt_as_text_the_evidence_anchors_and_one_recipient_hash_in_both_versions()
    {
        await using var room = await Room.Start(new() { ["Hub:IssuerEmail"] = "badges@citiesoflearning.example" });
        var (id, jwt) = await BadgeFlow.Issue(room, room.Server, email: "Ana.Peeters@Example.org");

        using var response = await room.Server.Http.GetAsync($"badges/{id}/credential.jwt");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(jwt, await response.Content.ReadAsStringAsync());

        var page = await room.Server.Http.GetStringAsync($"badges/{id}");
        var credential = JsonNode.Parse(await room.Server.Http.GetStringAsync($"badges/{id}/credential.json"))!;
        foreach (var evidence in credential["evidence"]!.AsArray())
        {
            Assert.Contains($"id=\"{new Uri(evidence!["id"]!.GetValue<string>()).Fragment.TrimStart('#')}\"", page, StringComparison.Ordinal);
        }

        var identity = credential["credentialSubject"]!["identifier"]![0]!;
        var hash = identity["identityHash"]!.GetValue<string>();
        Assert.Equal(RecipientIdentity.Hash("Ana.Peeters@Example.org", identity["salt"]!.GetValue<string>()), hash);
        var assertion = JsonNode.Parse(await room.Server.Http.GetStringAsync($"ob2/assertions/{id}"))!;
        Assert.Equal(hash, assertion["recipient"]!["identity"]!.GetValue<string>());

        var issuer = JsonNode.Parse(await room.Server.Http.GetStringAsync("ob2/issuer"))!;
        Assert.Equal("badges@citiesoflearning.example", issuer["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_an_issuer_email_the_start_says_why_the_OB_2_0_badges_need_one()
    {
        var log = new TestLog();
        await using (var server = await HubServer.Start(log: log))
        {
            var issuer = JsonNode.Parse(await server.Http.GetStringAsync("ob2/issuer"))!.AsObject();
            Assert.False(issuer.ContainsKey("email"));
        }

        var warning = Assert.Single(log.AtLeast(LogLevel.Warning), entry => entry.Message.Contains("Hub:IssuerEmail", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Open Badges 2.0 validator requires", warning.Message, StringComparison.Ordinal);

        var quiet = new TestLog();
        await using (await HubServer.Start(new() { ["Hub:IssuerEmail"] = "badges@citiesoflearning.example" }, log: quiet))
        {
        }

        Assert.DoesNotContain(quiet.AtLeast(LogLevel.Warning), entry => entry.Message.Contains("Hub:IssuerEmail", StringComparison.Ordinal));
    }
}
