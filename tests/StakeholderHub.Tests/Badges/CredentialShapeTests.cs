using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>The OB 3.0 credential against the official JSON Schema, its contexts and the shape rules the official validator adds.</summary>
public sealed class CredentialShapeTests
{
    private static readonly Lazy<JsonSchema> Schema =
        new(() => JsonSchema.FromText(File.ReadAllText(BadgeSamples.VendorPath("ob3/achievementcredential.json"))));

    private static readonly JsonObject[] Contexts =
    [
        BadgeSamples.VendorJson("contexts/credentials-v2.jsonld"),
        BadgeSamples.VendorJson("contexts/ob-v3p0-context-3.0.3.json"),
    ];

    /// <summary>The credentialSchema type value comes from the OB 3.0 spec itself; neither context defines it as a term.</summary>
    private static readonly HashSet<string> SpecTypeValues = [OpenBadgeCredential.SchemaType];

    internal static List<string> SchemaErrors(JsonNode credential)
    {
        using var document = JsonDocument.Parse(credential.ToJsonString());
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }

    [Fact]
    public void The_credential_passes_the_official_achievementcredential_schema()
    {
        Assert.Empty(SchemaErrors(BadgeSamples.Credential()));
    }

    [Fact]
    public void The_issuer_profile_document_passes_the_official_profile_schema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(BadgeSamples.VendorPath("ob3/profile.json")));
        using var document = JsonDocument.Parse(OpenBadgeCredential.IssuerDocument(BadgeSamples.Urls).ToJsonString());
        Assert.True(schema.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid);
        using var broken = JsonDocument.Parse("""{"id":"x","type":"Profile"}""");
        Assert.False(schema.Evaluate(broken.RootElement).IsValid);
    }

    [Fact]
    public void A_credential_without_evidence_passes_too()
    {
        var credential = OpenBadgeCredential.Build(BadgeSamples.Issue() with { Evidence = [] }, BadgeSamples.Urls, "k");
        Assert.Empty(SchemaErrors(credential));
        Assert.Empty(credential["evidence"]!.AsArray());
    }

    public static TheoryData<string, Action<JsonObject>> Breakages => new()
    {
        { "no validFrom", c => c.Remove("validFrom") },
        { "no OpenBadgeCredential type", c => c["type"] = new JsonArray("VerifiableCredential") },
        { "type as a string", c => c["type"] = "OpenBadgeCredential" },
        { "contexts swapped", c => c["@context"] = new JsonArray(OpenBadgeCredential.ObContext, OpenBadgeCredential.VcContext) },
        { "achievement image as a bare URL", c => c["credentialSubject"]!["achievement"]!["image"] = "http://127.0.0.1:5000/badges/image.png" },
        { "identity object with an unknown member", c => c["credentialSubject"]!["identifier"]![0]!["email"] = "ana@example.org" },
        { "alignment without targetUrl", c => c["credentialSubject"]!["achievement"]!["alignment"]![0]!.AsObject().Remove("targetUrl") },
        { "evidence as one object", c => c["evidence"] = c["evidence"]![0]!.DeepClone() },
        { "validFrom not a date-time", c => c["validFrom"] = "15 October 2025" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void The_schema_validator_rejects_a_broken_credential(string what, Action<JsonObject> breakIt)
    {
        var credential = BadgeSamples.Credential();
        breakIt(credential);
        Assert.True(SchemaErrors(credential).Count > 0, $"The schema accepted a credential with {what}.");
    }

    [Fact]
    public void The_contexts_are_exactly_VC_2_0_then_OB_3_0_3()
    {
        var context = BadgeSamples.Credential()["@context"]!.AsArray().Select(c => c!.GetValue<string>());
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], context);
    }

    [Fact]
    public void Every_property_name_is_a_term_of_the_two_contexts()
    {
        Assert.Empty(JsonLdTerms.Undefined(BadgeSamples.Credential(), Contexts, SpecTypeValues));
        Assert.Empty(JsonLdTerms.Undefined(OpenBadgeCredential.IssuerDocument(BadgeSamples.Urls), Contexts));
        Assert.Empty(JsonLdTerms.Undefined(OpenBadgeCredential.AchievementDocument(BadgeSamples.Urls, 7, "Ghent lab"), Contexts));
    }

    [Fact]
    public void The_term_check_finds_an_undefined_or_out_of_scope_term()
    {
        var credential = BadgeSamples.Credential();
        credential["favouriteColour"] = "green";
        credential["credentialSubject"]!["achievement"]!["genre"] = "Participation"; // defined for Evidence only
        credential["evidence"]![0]!["type"] = new JsonArray("Evidence", "Attendance");

        var problems = JsonLdTerms.Undefined(credential, Contexts, SpecTypeValues);

        Assert.Contains("$.favouriteColour", problems);
        Assert.Contains("$.credentialSubject.achievement.genre", problems);
        Assert.Contains("$.evidence[0].type: \"Attendance\"", problems);
    }

    [Fact]
    public void Type_evidence_alignment_and_identifier_are_arrays_and_images_are_image_objects()
    {
        var credential = BadgeSamples.Credential();
        var subject = credential["credentialSubject"]!.AsObject();
        var achievement = subject["achievement"]!.AsObject();

        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.IsType<JsonArray>(credential["issuer"]!["type"]);
        Assert.IsType<JsonArray>(subject["type"]);
        Assert.IsType<JsonArray>(achievement["type"]);
        Assert.IsType<JsonArray>(subject["identifier"]);
        Assert.All(credential["evidence"]!.AsArray(), e => Assert.Equal(["Evidence"], e!["type"]!.AsArray().Select(t => t!.GetValue<string>())));
        Assert.All(achievement["alignment"]!.AsArray(), a => Assert.IsType<JsonArray>(a!["type"]));
        Assert.IsType<JsonArray>(credential["credentialSchema"]);

        var image = achievement["image"]!.AsObject();
        Assert.Equal("http://127.0.0.1:5000/badges/image.png", image["id"]!.GetValue<string>());
        Assert.Equal("Image", image["type"]!.GetValue<string>());
    }

    [Fact]
    public void The_credential_says_what_the_badge_is()
    {
        var credential = BadgeSamples.Credential();
        var issuer = credential["issuer"]!.AsObject();
        var subject = credential["credentialSubject"]!.AsObject();
        var achievement = subject["achievement"]!.AsObject();
        var identity = subject["identifier"]![0]!.AsObject();

        Assert.Equal("http://127.0.0.1:5000/badges/Zq7xN2b_LpW4tR9sVe1cYg", credential["id"]!.GetValue<string>());
        Assert.Equal("2025-10-15T14:30:12Z", credential["validFrom"]!.GetValue<string>());
        Assert.Equal("Cities of Learning Network", issuer["name"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:5000/badges/issuer", issuer["id"]!.GetValue<string>());
        Assert.Equal("EcoSystem Explorer", achievement["name"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:5000/badges/events/7/achievement", achievement["id"]!.GetValue<string>());
        Assert.Equal(EcosystemExplorer.DefaultCriteriaNarrative, achievement["criteria"]!["narrative"]!.GetValue<string>());
        Assert.Equal(
            ["https://satool.salto-youth.net/article/23", "https://satool.salto-youth.net/article/21", "https://satool.salto-youth.net/article/18"],
            achievement["alignment"]!.AsArray().Select(a => a!["targetUrl"]!.GetValue<string>()));
        Assert.Equal(
            ["Networking and advocating", "Communicating meaningfully", "Designing programmes"],
            achievement["alignment"]!.AsArray().Select(a => a!["targetName"]!.GetValue<string>()));

        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", subject["id"]!.GetValue<string>());
        Assert.Equal("emailAddress", identity["identityType"]!.GetValue<string>());
        Assert.True(identity["hashed"]!.GetValue<bool>());
        Assert.Equal(BadgeSamples.Salt, identity["salt"]!.GetValue<string>());
        Assert.Equal(RecipientIdentityTests.Expected(BadgeSamples.Email, BadgeSamples.Salt), identity["identityHash"]!.GetValue<string>());
        Assert.DoesNotContain("peeters@example.org", credential.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var evidence = credential["evidence"]!.AsArray();
        Assert.Equal(4, evidence.Count);
        Assert.Equal("Asked a question", evidence[2]!["name"]!.GetValue<string>());
        Assert.Equal("Asked a question to 'Learning city Ghent: <what> \"works\" & what doesn't'", evidence[2]!["narrative"]!.GetValue<string>());
        Assert.Contains("2025-10-15T12:05:30Z", evidence[2]!["description"]!.GetValue<string>());

        Assert.Equal(OpenBadgeCredential.SchemaUrl, credential["credentialSchema"]![0]!["id"]!.GetValue<string>());
        // A sample issued without a status list index (as before there was one) has no credentialStatus: StatusListTests.
        Assert.False(credential.ContainsKey("credentialStatus"));
    }

    [Fact]
    public void A_criteria_narrative_given_by_the_caller_is_the_one_written()
    {
        var issue = BadgeSamples.Issue() with { CriteriaNarrative = "Check in and submit two reflections." };
        var credential = OpenBadgeCredential.Build(issue, BadgeSamples.Urls, "k");
        Assert.Equal("Check in and submit two reflections.", credential["credentialSubject"]!["achievement"]!["criteria"]!["narrative"]!.GetValue<string>());
    }

    [Fact]
    public void The_same_issue_builds_the_same_credential_and_another_recipient_another_subject()
    {
        Assert.Equal(BadgeSamples.Credential().ToJsonString(), BadgeSamples.Credential().ToJsonString());
        var other = OpenBadgeCredential.Build(BadgeSamples.Issue() with { RecipientEmail = "bram@example.org" }, BadgeSamples.Urls, "k");
        Assert.NotEqual(BadgeSamples.Credential()["credentialSubject"]!["id"]!.GetValue<string>(), other["credentialSubject"]!["id"]!.GetValue<string>());
    }
}
