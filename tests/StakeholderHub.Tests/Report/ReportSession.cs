using System.Text.Json;

namespace StakeholderHub.Tests.Report;

/// <summary>
/// A short scripted session for the report: six participants from four countries (one later erases themselves), two
/// proposals with upvotes and joins of each intent, questions answered live, in writing, not at all and dismissed (one
/// anonymous), a practice, a closed poll and a badge claimed.
/// </summary>
public sealed record ReportSession(
    BoardClient Facilitator, IReadOnlyList<BoardClient> Clients, long Badges, long Map, long Poll, string BadgeId,
    IReadOnlyList<string> Names, IReadOnlyList<string> Texts)
{
    public const string AnonymousAsker = "Zebediah Quillfeather";

    public static async Task<ReportSession> Script(Room room)
    {
        var facilitator = await room.Connect(room.Server.FacilitatorToken, "facilitator");
        var owner = await room.Connect(await room.Invite("Jan De Smet"));
        var ana = await room.Connect(await room.Join("Ana Peeters", "CAP-City", "BE"));
        var bram = await room.Connect(await room.Join("Bram Claes", "Jeugddienst", "BE"));
        var zeb = await room.Connect(await room.Join(AnonymousAsker, "Lighthouse Collective", "NL"));
        var diogo = await room.Connect(await room.Join("Diogo Alves", "Lisboa", "PT"));
        var eva = await room.Connect(await room.Join("Eva Müller", "Stadt Köln", "DE"));
        var femkeSomeone = await room.Join("Femke Visser", "Rotterdam", "NL");
        var femke = await room.Connect(femkeSomeone);

        var badges = await room.CreateProposal(owner, Room.ProposalInput("Open Badges for youth workers"));
        var map = await room.CreateProposal(owner, Room.ProposalInput("A shared map of learning opportunities"));
        foreach (var voter in new[] { ana, bram, zeb })
        {
            await voter.Call("UpvoteProposal", badges);
        }

        await diogo.Call("UpvoteProposal", map);
        await femke.Call("UpvoteProposal", map);
        await ana.Call("JoinProposal", badges, Room.Membership("partner"));
        await bram.Call("JoinProposal", badges, Room.Membership("co-applicant"));
        await zeb.Call("JoinProposal", badges, Room.Membership("observer"));
        await diogo.Call("JoinProposal", map, Room.Membership("partner"));
        await eva.Call("JoinProposal", map, Room.Membership("observer"));
        await femke.Call("JoinProposal", map, Room.Membership("co-applicant"));

        var written = await room.Ask(ana, Room.QuestionInput("Who pays for the travel?", "proposal", badges));
        var live = await room.Ask(zeb, Room.QuestionInput("Is a legal entity required?", anonymous: true));
        await room.Ask(bram, Room.QuestionInput("Can schools join as partners?"));
        var dismissed = await room.Ask(diogo, Room.QuestionInput("Where is the coffee?"));
        await room.Ask(femke, Room.QuestionInput("Femke's question about Rotterdam"));
        await ana.Call("UpvoteQuestion", live);
        await owner.Call("AnswerQuestion", written, Room.Answer("Travel is covered for two people per partner."));
        await facilitator.Call("AnswerQuestion", live, Room.Answer(null, live: true));
        await facilitator.Call("DismissQuestion", dismissed);

        await eva.Call("SharePractice", new { title = "Badges for volunteers", text = "Our youth centre gives a badge for every summer camp volunteer." });

        var poll = (await facilitator.Call("CreatePoll", new
        {
            kind = "single", question = "Which matters most for your city?", options = new[] { "Recognition", "Inclusion", "Digital skills" },
            maxChoices = (int?)null, results = "live", proposalId = (long?)null, agendaItemId = (long?)null,
        })).Id!.Value;
        await facilitator.Call("OpenPoll", poll);
        await ana.Call("VotePoll", poll, new { choices = new[] { 0 } });
        await bram.Call("VotePoll", poll, new { choices = new[] { 0 } });
        await diogo.Call("VotePoll", poll, new { choices = new[] { 2 } });
        await facilitator.Call("ClosePoll", poll);

        await ana.Call("SaveReflection", new { takeHome = "Partners in Lisbon.", contribute = "Hosting." });
        var claimed = await ana.Invoke("ClaimBadge", new { email = "ana.peeters@example.org" });
        var badgeId = claimed.GetProperty("badge").GetProperty("id").GetString()!;

        // Femke erases herself: her upvote, her join and her question go; her check-in stays, without a country.
        await BoardHttp.Post(room.Server, femkeSomeone.Token, "/api/me/erase?revokeBadge=false", new { });
        await facilitator.Sync();

        return new ReportSession(facilitator, [facilitator, owner, ana, bram, zeb, diogo, eva, femke], badges, map, poll, badgeId,
            ["Ana Peeters", "Bram Claes", AnonymousAsker, "Diogo Alves", "Eva Müller", "Femke Visser", "Quillfeather", "Lighthouse"],
            ["Who pays for the travel?", "Is a legal entity required?", "Can schools join", "Where is the coffee?", "Travel is covered", "summer camp volunteer", "Femke's question"]);
    }

    public static async Task<JsonElement> Report(HubServer server) => await BoardHttp.GetJson(server, server.FacilitatorToken, "/api/report");
}
