using System.Net;

namespace StakeholderHub.Tests.Board;

/// <summary>
/// A member's e-mail reaches a proposal's owner only with the member's explicit yes: in the member entries and in
/// the members' CSV, which only the owner and the facilitator may download.
/// </summary>
public sealed class MemberContactTests : BoardTest
{
    private BoardClient _owner = null!;
    private BoardClient _otherStakeholder = null!;
    private BoardClient _facilitator = null!;
    private BoardClient _bystander = null!;
    private long _proposal;
    private Someone _carla = null!;
    private Someone _dirk = null!;
    private Someone _eva = null!;
    private Someone _frank = null!;
    private Someone _gert = null!;
    private long _lastVersion;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        _otherStakeholder = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        _facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        _bystander = await Room.Connect(await Room.Join("Bram Claes", email: "bram@example.org"));
        _proposal = await Room.CreateProposal(_owner);

        _carla = await Room.Join("Carla Mertens", "Jeugddienst Gent", "BE", "carla.checkin@example.org");
        _dirk = await Room.Join("Dirk Wouters", "Vormingplus", "BE", "dirk.private@example.org");
        _eva = await Room.Join("Eva Novak", "Mladinski center", "SI", "eva.checkin@example.org");
        _frank = await Room.Join("Frank Jansen", "Stichting Frank", "NL", "frank@example.org");
        _gert = await Room.Join("Gert Vos", "-Minus Collective", "BE", "gert@example.org");
        await Join(_carla, Room.Membership("partner", "We host trainings.", shareContact: true));
        await Join(_dirk, Room.Membership("observer", "Just curious.", shareContact: false, email: "dirk.other@example.org"));
        await Join(_eva, Room.Membership("co-applicant", "", shareContact: true, email: "eva.project@example.org"));
        await Join(_frank, Room.Membership("partner", "", shareContact: true));
        await Join(_gert, Room.Membership("partner", "=HYPERLINK(\"http://example.org\",\"click\")", shareContact: true));
        await using var frank = await BoardClient.Connect(Server, _frank.Token, "Frank");
        _lastVersion = (await frank.Call("LeaveProposal", _proposal)).Version;
    }

    [Fact]
    public async Task TheOwnerSeesTheEmailOfMembersWhoSaidYesAndNobodyElseSeesAny()
    {
        await Room.AllReach([_owner, _facilitator], c => c.Version >= _lastVersion && c.ActiveMembersOf(_proposal) == 4, "four members");
        var members = _owner.Read(c => c.Members.Values.ToDictionary(m => m["personId"]!.GetValue<long>(), m => m["email"]?.GetValue<string>()));

        Assert.Equal("carla.checkin@example.org", members[_carla.Id]);
        Assert.Null(members[_dirk.Id]);
        Assert.Equal("eva.project@example.org", members[_eva.Id]);
        Assert.DoesNotContain(_frank.Id, members.Keys);
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM proposal_members WHERE person_id = @Id AND contact_email IS NOT NULL", new { _dirk.Id }));

        await Room.AllReach([_otherStakeholder, _bystander], c => c.Version >= _lastVersion && c.MemberCount(_proposal) == 4, "four members counted");
        Assert.Equal(4, (await BoardHttp.GetJson(Server, _owner.Token, "/api/snapshot")).GetProperty("members").GetArrayLength());
        Assert.Equal(4, (await BoardHttp.GetJson(Server, Server.FacilitatorToken, "/api/snapshot")).GetProperty("members").GetArrayLength());
        Assert.Equal(0, (await BoardHttp.GetJson(Server, _otherStakeholder.Token, "/api/snapshot")).GetProperty("members").GetArrayLength());
        Assert.Equal(0, (await BoardHttp.GetJson(Server, _carla.Token, "/api/snapshot")).GetProperty("members").GetArrayLength());
        foreach (var client in new[] { _otherStakeholder, _bystander })
        {
            Assert.Equal(0, client.Read(c => c.ActiveMembersOf(_proposal)));
            foreach (var email in new[] { "carla.checkin@", "eva.project@", "eva.checkin@", "dirk.private@", "dirk.other@", "gert@" })
            {
                Assert.DoesNotContain(client.Raw, raw => raw.Contains(email, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task TheMembersCsvHoldsConsentedEmailsOnlyAndDefusesFormulas()
    {
        var response = await BoardHttp.Get(Server, _owner.Token, $"/api/proposals/{_proposal}/members.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await Csv.Read(response);
        Assert.True(csv.ByteOrderMark, "the CSV starts with a UTF-8 byte-order mark");
        Assert.True(csv.EveryFieldQuoted, "every field is quoted");
        var text = string.Join("\n", csv.Rows.Select(r => string.Join(",", r)));

        var carla = Row(csv, _carla);
        Assert.Equal(["Carla Mertens", "Jeugddienst Gent", "BE", "partner", "We host trainings."], carla[..5]);
        Assert.Equal("carla.checkin@example.org", carla[6]);
        Assert.Equal("eva.project@example.org", Row(csv, _eva)[6]);
        Assert.DoesNotContain("eva.checkin", text);
        // Dirk said no: he is a member all the same, without any e-mail.
        var dirk = Row(csv, _dirk);
        Assert.Equal("", dirk[6]);
        Assert.DoesNotContain("dirk.private", text);
        Assert.DoesNotContain("dirk.other", text);
        Assert.DoesNotContain(csv.Rows, r => r[0] == _frank.Name);
        Assert.DoesNotContain("frank@", text);
        var gert = Row(csv, _gert);
        Assert.Equal("'-Minus Collective", gert[1]);
        Assert.Equal("'=HYPERLINK(\"http://example.org\",\"click\")", gert[4]);
        Assert.All(csv.Rows, r => Assert.Equal(csv.Rows[0].Length, r.Length));
        Assert.All(csv.Rows.Where(r => r[0] != "name" && r[0] != "Name"), r => Assert.True(DateTimeOffset.TryParse(r[7], out _), $"joined at: {r[7]}"));

        var facilitator = await BoardHttp.Get(Server, Server.FacilitatorToken, $"/api/proposals/{_proposal}/members.csv");
        Assert.Equal(HttpStatusCode.OK, facilitator.StatusCode);
        Assert.Equal("carla.checkin@example.org", Row(await Csv.Read(facilitator), _carla)[6]);
    }

    [Fact]
    public async Task OnlyTheOwnerAndTheFacilitatorMayDownloadTheMembers()
    {
        var path = $"/api/proposals/{_proposal}/members.csv";

        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, _otherStakeholder.Token, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, _carla.Token, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, Server.ProjectorToken, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, null, path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await BoardHttp.Get(Server, _owner.Token, "/api/proposals/999999/members.csv")).StatusCode);
        var forbidden = await BoardHttp.Get(Server, _otherStakeholder.Token, path);
        var body = await forbidden.Content.ReadAsStringAsync();
        Assert.DoesNotContain("carla", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("forbidden", body);
    }

    private async Task Join(Someone someone, Dictionary<string, object?> membership)
    {
        await using var client = await BoardClient.Connect(Server, someone.Token, someone.Name);
        _lastVersion = (await client.Call("JoinProposal", _proposal, membership)).Version;
    }

    private static string[] Row(Csv.Table csv, Someone member) => Assert.Single(csv.Rows, r => r[0] == member.Name);
}
