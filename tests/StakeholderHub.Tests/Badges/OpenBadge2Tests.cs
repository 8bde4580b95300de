using System.Text.Json.Nodes;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>The OB 2.0 hosted assertion, badge class and issuer carry what the 2.0 spec and its validator require.</summary>
public sealed class OpenBadge2Tests
{
    private static readonly JsonObject[] Context = [BadgeSamples.VendorJson("contexts/ob-v2p0.json")];
    private static readonly HashSet<string> RecipientTypes = ["email"];

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void The_assertion_has_every_required_field_and_a_recomputable_hashed_identity()
    {
        var issue = BadgeSamples.Issue();
        var assertion = OpenBadge2.Assertion(issue, BadgeSamples.Urls, revoked: false, revocationReason: null);

        Assert.Equal("https://w3id.org/openbadges/v2", Text(assertion["@context"]));
        Assert.Equal("Assertion", Text(assertion["type"]));
        Assert.Equal("http://127.0.0.1:5000/ob2/assertions/Zq7xN2b_LpW4tR9sVe1cYg", Text(assertion["id"]));
        Assert.Equal("http://127.0.0.1:5000/ob2/events/7/badgeclass", Text(assertion["badge"]));
        Assert.Equal("hosted", Text(assertion["verification"]!["type"]));
        Assert.Equal("2025-10-15T14:30:12Z", Text(assertion["issuedOn"]));
        Assert.False(assertion.ContainsKey("revoked"));

        var recipient = assertion["recipient"]!.AsObject();
        Assert.Equal("email", Text(recipient["type"]));
        Assert.True(recipient["hashed"]!.GetValue<bool>());
        Assert.Equal(BadgeSamples.Salt, Text(recipient["salt"]));
        Assert.StartsWith("sha256$", Text(recipient["identity"]));
        Assert.Equal(RecipientIdentityTests.Expected(BadgeSamples.Email, Text(recipient["salt"])), Text(recipient["identity"]));
        Assert.DoesNotContain("peeters@example.org", assertion.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var evidence = assertion["evidence"]!.AsArray();
        Assert.Equal(issue.Evidence.Select(e => e.Narrative), evidence.Select(e => Text(e!["narrative"])));
        Assert.Empty(JsonLdTerms.Undefined(assertion, Context, RecipientTypes));
    }

    [Fact]
    public void A_revoked_assertion_is_the_stub_with_revoked_true_and_the_reason()
    {
        var assertion = OpenBadge2.Assertion(BadgeSamples.Issue(), BadgeSamples.Urls, revoked: true, revocationReason: "Issued by mistake");

        Assert.Equal("http://127.0.0.1:5000/ob2/assertions/Zq7xN2b_LpW4tR9sVe1cYg", Text(assertion["id"]));
        Assert.True(assertion["revoked"]!.GetValue<bool>());
        Assert.Equal("Issued by mistake", Text(assertion["revocationReason"]));
        Assert.False(assertion.ContainsKey("recipient"));
        Assert.Empty(JsonLdTerms.Undefined(assertion, Context));
    }

    [Fact]
    public void The_badge_class_has_name_description_image_criteria_issuer_and_alignments()
    {
        var badgeClass = OpenBadge2.BadgeClass(BadgeSamples.Urls, 7, "Ghent youth work lab");

        Assert.Equal("https://w3id.org/openbadges/v2", Text(badgeClass["@context"]));
        Assert.Equal("BadgeClass", Text(badgeClass["type"]));
        Assert.Equal("http://127.0.0.1:5000/ob2/events/7/badgeclass", Text(badgeClass["id"]));
        Assert.Equal("EcoSystem Explorer", Text(badgeClass["name"]));
        Assert.Contains("Ghent youth work lab", Text(badgeClass["description"]));
        Assert.Equal("http://127.0.0.1:5000/badges/image.png", Text(badgeClass["image"]));
        Assert.Equal(EcosystemExplorer.DefaultCriteriaNarrative, Text(badgeClass["criteria"]!["narrative"]));
        Assert.Equal("http://127.0.0.1:5000/ob2/issuer", Text(badgeClass["issuer"]));
        Assert.Equal(3, badgeClass["alignment"]!.AsArray().Count);
        Assert.All(badgeClass["alignment"]!.AsArray(), a => Assert.StartsWith("https://satool.salto-youth.net/article/", Text(a!["targetUrl"])));
        Assert.Empty(JsonLdTerms.Undefined(badgeClass, Context));
        Assert.Equal("Two reflections.", Text(OpenBadge2.BadgeClass(BadgeSamples.Urls, 7, "x", "Two reflections.")["criteria"]!["narrative"]));
    }

    [Fact]
    public void The_issuer_has_name_url_and_the_given_email()
    {
        var issuer = OpenBadge2.Issuer(BadgeSamples.Urls, "badges@citiesoflearning.example");

        Assert.Equal("Issuer", Text(issuer["type"]));
        Assert.Equal("http://127.0.0.1:5000/ob2/issuer", Text(issuer["id"]));
        Assert.Equal("Cities of Learning Network", Text(issuer["name"]));
        Assert.Equal("http://127.0.0.1:5000/", Text(issuer["url"]));
        Assert.Equal("badges@citiesoflearning.example", Text(issuer["email"]));
        Assert.Empty(JsonLdTerms.Undefined(issuer, Context));
        Assert.False(OpenBadge2.Issuer(BadgeSamples.Urls).ContainsKey("email"));
    }
}
