using System.Text.Json.Nodes;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>A badge as the hub would issue it, and the vendored specification files the tests check it against.</summary>
internal static class BadgeSamples
{
    public static readonly Uri BaseUrl = new("http://127.0.0.1:5000/");
    public static readonly BadgeUrls Urls = new(BaseUrl);
    public const string Email = "  Ana.Peeters@Example.org ";
    public const string Salt = "k3Yw9-pQ";

    public static BadgeIssue Issue(string credentialId = "Zq7xN2b_LpW4tR9sVe1cYg") => new(
        credentialId,
        BaseUrl,
        EventId: 7,
        EventName: "Antwerp City of Learning — afternoon with local stakeholders",
        EventCode: "K7M2QX",
        RecipientName: "Ana Peeters",
        RecipientEmail: Email,
        Salt: Salt,
        IssuedOn: new DateTimeOffset(2025, 10, 15, 16, 30, 12, 345, TimeSpan.FromHours(2)),
        Evidence:
        [
            new("checked_in", "Checked in to the session", new DateTimeOffset(2025, 10, 15, 13, 2, 11, TimeSpan.FromHours(2))),
            new("joined_proposal", "Joined the proposal 'Youth exchange on digital badges' as a partner", new DateTimeOffset(2025, 10, 15, 13, 40, 0, TimeSpan.FromHours(2))),
            new("asked_question", "Asked a question to 'Learning city Ghent: <what> \"works\" & what doesn't'", new DateTimeOffset(2025, 10, 15, 14, 5, 30, TimeSpan.FromHours(2))),
            new("submitted_reflection", "Submitted a reflection on the session", new DateTimeOffset(2025, 10, 15, 16, 20, 0, TimeSpan.FromHours(2))),
        ]);

    public static JsonObject Credential(string keyId = "test-key") => OpenBadgeCredential.Build(Issue(), Urls, keyId);

    public static string VendorPath(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "Badges", "Vendor", relative.Replace('/', Path.DirectorySeparatorChar));

    public static JsonObject VendorJson(string relative) =>
        JsonNode.Parse(File.ReadAllText(VendorPath(relative)))!.AsObject();
}

/// <summary>A fresh data folder for one test class's signing key, removed afterwards.</summary>
public sealed class TempKeys : IDisposable
{
    public TempKeys()
    {
        Folder = Directory.CreateTempSubdirectory("badge-keys-").FullName;
        Keys = SigningKeys.LoadOrCreate(Folder);
    }

    public string Folder { get; }

    public SigningKeys Keys { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
