using System.Net;

namespace StakeholderHub.Tests.Questions;

public sealed class QuestionExportTests : BoardTest
{
    [Fact]
    public async Task TheFacilitatorDownloadsEveryQuestionWithItsAnswerAndAnonymousOnesStayAnonymous()
    {
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var ana = await Room.Connect(await Room.Join("Ana Peeters", "CAP-City"));
        var zebediah = await Room.Connect(await Room.Join("Zebediah Quillfeather", "Lighthouse Collective of Ostend", "NL"));
        var proposal = await Room.CreateProposal(owner);
        var open = await Room.Ask(ana, Room.QuestionInput("Who pays for the travel?", "proposal", proposal));
        var anonymous = await Room.Ask(zebediah, Room.QuestionInput("=1+1 Is a legal entity required?", anonymous: true));
        var dismissed = await Room.Ask(ana, Room.QuestionInput("@everyone off topic"));
        await ana.Call("UpvoteQuestion", anonymous);
        await owner.Call("AnswerQuestion", open, Room.Answer("+ Travel is covered for two people per partner."));
        await facilitator.Call("AnswerQuestion", anonymous, Room.Answer(null, live: true));
        await facilitator.Call("DismissQuestion", dismissed);

        var response = await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/questions.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await Csv.Read(response);
        Assert.True(csv.ByteOrderMark, "the CSV starts with a UTF-8 byte-order mark");
        Assert.True(csv.EveryFieldQuoted, "every field is quoted");
        var text = string.Join("\n", csv.Rows.Select(r => string.Join(",", r)));
        Assert.DoesNotContain("Zebediah", text);
        Assert.DoesNotContain("Quillfeather", text);
        Assert.DoesNotContain("Lighthouse", text);

        // id, asked at, target, asker, status, upvotes, question, answer, answered live, answered by, answered at
        var answered = Row(csv, open);
        Assert.Contains("Ana Peeters", answered[3]);
        Assert.Equal("published", answered[4]);
        Assert.Equal("Who pays for the travel?", answered[6]);
        Assert.Equal("'+ Travel is covered for two people per partner.", answered[7]);
        Assert.Equal("Jan De Smet", answered[9]);
        Assert.True(DateTimeOffset.TryParse(answered[10], out _), $"answered at: {answered[10]}");
        Assert.Contains("proposal", answered[2]);

        var secret = Row(csv, anonymous);
        Assert.Equal("anonymous", secret[3]);
        Assert.Equal("1", secret[5]);
        Assert.Equal("'=1+1 Is a legal entity required?", secret[6]);
        Assert.Equal("", secret[7]);
        Assert.NotEqual("", secret[8]);
        Assert.NotEqual("false", secret[8].ToLowerInvariant());

        var gone = Row(csv, dismissed);
        Assert.Equal("dismissed", gone[4]);
        Assert.Equal("'@everyone off topic", gone[6]);
        Assert.All(csv.Rows, r => Assert.Equal(csv.Rows[0].Length, r.Length));
    }

    [Fact]
    public async Task OnlyTheFacilitatorMayDownloadTheQuestions()
    {
        var ana = await Room.Join("Ana Peeters");
        var jan = await Room.Invite("Jan De Smet");

        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, ana.Token, "/api/questions.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, jan.Token, "/api/questions.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BoardHttp.Get(Server, Server.ProjectorToken, "/api/questions.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, null, "/api/questions.csv")).StatusCode);
    }

    [Fact]
    public async Task EachEventsFacilitatorDownloadsOnlyItsOwnQuestions()
    {
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        await Room.Ask(ana, Room.QuestionInput("A question in Antwerp"));
        var other = await Server.CreateEvent("Lisbon study visit");

        var csv = await Csv.Read(await BoardHttp.Get(Server, other.FacilitatorToken, "/api/questions.csv"));

        Assert.DoesNotContain(csv.Rows, r => r.Contains("A question in Antwerp"));
    }

    private static string[] Row(Csv.Table csv, long question) => Assert.Single(csv.Rows, r => r[0] == question.ToString());
}
