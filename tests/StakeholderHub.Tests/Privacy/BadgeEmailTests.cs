using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Privacy;

/// <summary>
/// The badge e-mail is kept only as the salted hash the credential carries, unless its holder agreed to be contacted
/// with it; "issue to all" uses only the addresses people agreed at check-in may be used for the badge.
/// </summary>
public sealed class BadgeEmailTests : BoardTest
{
    [Fact]
    public async Task TheBadgeAddressIsInNoFileAndNoExportUnlessItsHolderAgreed()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var proposal = await Room.CreateProposal(owner);
        var cleo = await Room.Connect(await Room.Join("Cleo Janssens"));
        var dana = await Room.Connect(await Room.Join("Dana Wouters"));
        // Ana agreed at check-in that her address may be used for the badge; Bram gave one for something else.
        var ana = await Room.Connect(await Room.Join("Ana Peeters", email: "ana.checkin@example.org", badgeEmail: true));
        var bram = await Room.Connect(await Room.Join("Bram Claes", email: "bram.checkin@example.org"));
        foreach (var participant in new[] { cleo, dana, ana, bram })
        {
            await Eligible(participant, proposal);
        }

        var cleos = (await cleo.Invoke("ClaimBadge", new { email = "Cleo.Private@Example.org" })).GetProperty("badge").GetProperty("id").GetString()!;
        await dana.Invoke("ClaimBadge", new { email = "dana.contact@example.org", contact = true });
        var report = await facilitator.Invoke("IssueBadges");
        Assert.Equal(1, report.GetProperty("issued").GetInt32());
        Assert.Equal(2, report.GetProperty("alreadyIssued").GetInt32());
        Assert.Equal([bram.PersonId], report.GetProperty("eligibleWithoutEmail").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("facilitator", Room.Scalar<string>("SELECT issued_by FROM credentials WHERE person_id = @Id", new { Id = ana.PersonId }));

        // The exports show the address only where its holder agreed to be contacted with it.
        using var csvResponse = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/badges/earners.csv");
        var csv = await Csv.Read(csvResponse);
        Assert.Equal(
            [("Cleo Janssens", ""), ("Dana Wouters", "dana.contact@example.org"), ("Ana Peeters", "")],
            csv.Rows.Skip(1).Select(row => (row[0], row[2])).ToList());
        var bundle = await (await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/badges/credentials.json")).Content.ReadAsStringAsync();
        var emails = JsonNode.Parse(bundle)!["credentials"]!.AsArray().Select(c => c!["email"]?.GetValue<string>()).ToList();
        Assert.Equal([null, "dana.contact@example.org", null], emails);
        var exports = string.Join('\n', csv.Rows.SelectMany(row => row)) + bundle;
        Assert.DoesNotContain("cleo.private", exports, StringComparison.OrdinalIgnoreCase);

        // The credential still proves the address: its hash matches, over the address as given (OB 3.0 §9.3).
        var credential = JsonNode.Parse(await Server.Http.GetStringAsync($"badges/{cleos}/credential.json"))!;
        var identity = credential["credentialSubject"]!["identifier"]![0]!;
        Assert.Equal(
            StakeholderHub.Badges.Credentials.RecipientIdentity.Hash("Cleo.Private@Example.org", identity["salt"]!.GetValue<string>()),
            identity["identityHash"]!.GetValue<string>());

        await Server.Stop();
        var stored = StoredBytes.Of(Server);
        Assert.DoesNotContain("cleo.private", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("dana.contact@example.org", stored, StringComparison.Ordinal);
        // The check-in addresses are kept (given for that), and found the same way: the search is not blind.
        Assert.Contains("bram.checkin@example.org", stored, StringComparison.Ordinal);
    }

    private async Task Eligible(BoardClient participant, long proposal)
    {
        await participant.Call("JoinProposal", proposal, Room.Membership("partner"));
        await participant.Call("AskQuestion", Room.QuestionInput("How do we apply?"));
        var last = await participant.Call("SaveReflection", new { takeHome = "Partners in Lisbon.", contribute = "Hosting." });
        await participant.WaitForVersion(last.Version);
    }
}
