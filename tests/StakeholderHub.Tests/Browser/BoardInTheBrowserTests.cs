using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BoardInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private async Task<IPage> Open(string path, int width = 1280, int height = 800)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        return page;
    }

    /// <summary>POST /api/invites with the facilitator's token; answers the stakeholder's id and token.</summary>
    private async Task<(long Id, string Token)> Invite(string name, string organisation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites")
        {
            Content = JsonContent.Create(new { name, organisation }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.FacilitatorToken);
        var response = await Server.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var invited = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = invited.RootElement.GetProperty("person").GetProperty("id").GetInt64();
        var link = invited.RootElement.GetProperty("link").GetString()!;
        return (id, HubServer.TokenOf(link));
    }

    private async Task<HttpResponseMessage> Get(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Http.SendAsync(request);
    }

    [Fact]
    public async Task AStakeholdersProposalIsUpvotedJoinedAndAskedAboutOnAPhoneAndTheAnswerComesBack()
    {
        const string title = "Open Badges for youth workers";
        const string questionText = "Can partners outside Belgium join the pilot?";
        const string answerText = "Yes: the Dutch and German partners are welcome from the start.";
        const string email = "lotte@jes.example";

        var (stakeholderId, stakeholderToken) = await Invite("Katrien De Smet", "Stad Antwerpen");

        // The stakeholder creates the proposal through the page's form.
        var stakeholder = await Open($"/stakeholder#token={stakeholderToken}");
        await stakeholder.GetByTestId("proposal-title-input").FillAsync(title);
        await stakeholder.GetByTestId("proposal-summary-input").FillAsync("Recognising what youth workers learn.\nWith badges.");
        await stakeholder.GetByTestId("proposal-partners-input").FillAsync("Youth work organisations in NL and DE");
        await stakeholder.GetByTestId("theme-recognition").CheckAsync();
        await stakeholder.GetByTestId("theme-youth-participation").CheckAsync();
        await stakeholder.GetByTestId("proposal-submit").ClickAsync();
        await Expect(stakeholder.GetByTestId("my-proposal-list")).ToContainTextAsync(title);

        var proposal = (await Server.Snapshot(stakeholderToken)).Proposals.Single();
        Assert.Equal(title, proposal.Title);
        Assert.Equal(stakeholderId, proposal.OwnerId);
        Assert.Equal(new[] { "recognition", "youth-participation" }, proposal.Themes);
        var id = proposal.Id;
        await Expect(stakeholder.GetByTestId($"my-proposal-{id}")).ToBeVisibleAsync();

        // A participant joins the session on a phone.
        var phone = await NewDevice(390, 844);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await Expect(phone.GetByTestId("event-title")).ToHaveTextAsync(Server.DefaultEvent.Event.Title);
        await phone.Locator("#name").FillAsync("Lotte Vermeulen");
        await phone.Locator("#organisation").FillAsync("JES vzw");
        await phone.Locator("#country").SelectOptionAsync("BE");
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/participant$"));
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        var participantToken = await phone.EvaluateAsync<string>("() => localStorage.getItem('shub.token.participant')");
        var participantId = (await Server.Snapshot(participantToken)).Me.Id;

        var card = phone.GetByTestId($"proposal-{id}");
        await Expect(card.GetByTestId("proposal-title")).ToHaveTextAsync(title);

        // Upvote: the toggle is pressed and the count is 1.
        var upvote = phone.GetByTestId($"upvote-{id}");
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "false");
        await upvote.ClickAsync();
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(phone.GetByTestId($"upvote-count-{id}")).ToHaveTextAsync("1");

        // Join: the consent is an explicit choice; without it the form refuses to send.
        await phone.GetByTestId($"join-{id}").ClickAsync();
        await phone.GetByTestId("join-intent").SelectOptionAsync("co-applicant");
        await phone.GetByTestId("join-note").FillAsync("We run a badge pilot in Borgerhout.");
        await Expect(phone.GetByTestId("join-consent-yes")).Not.ToBeCheckedAsync();
        await Expect(phone.GetByTestId("join-consent-no")).Not.ToBeCheckedAsync();
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId("join-notice")).ToContainTextAsync("Choose yes or no");
        Assert.Equal(0, (await Server.Snapshot(stakeholderToken)).Proposals.Single().Members);

        await phone.GetByTestId("join-consent-yes").CheckAsync();
        await phone.GetByTestId("join-email").FillAsync(email);
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId($"members-count-{id}")).ToHaveTextAsync("1");
        await Expect(phone.GetByTestId($"leave-{id}")).ToBeVisibleAsync();

        // Ask a question addressed to the proposal.
        await phone.GetByTestId("ask-text").FillAsync(questionText);
        await phone.GetByTestId("ask-target").SelectOptionAsync($"proposal:{id}");
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("question-list")).ToContainTextAsync(questionText);
        var question = (await Server.Snapshot(participantToken)).Questions.Single();
        Assert.Equal(questionText, question.Text);
        Assert.Equal("proposal", question.Target.Kind);
        Assert.Equal((long?)id, question.Target.Id);
        Assert.False(question.Anonymous);
        var qid = question.Id;
        var asked = phone.GetByTestId($"question-{qid}");
        await Expect(asked.GetByTestId("question-text")).ToHaveTextAsync(questionText);
        await Expect(asked.GetByTestId("question-mine")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("ask-text")).ToHaveValueAsync("");

        // The room screen shows the proposal on the board with its upvote.
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var row = projector.GetByTestId("board").GetByTestId($"board-row-{id}");
        await Expect(row.GetByTestId("board-title")).ToHaveTextAsync(title);
        await Expect(row.GetByTestId("board-count")).ToHaveTextAsync("1");

        // The stakeholder sees the new member with the e-mail address, and the question addressed to them.
        var member = stakeholder.GetByTestId($"members-{id}").GetByTestId($"member-{id}-{participantId}");
        await Expect(member).ToContainTextAsync("Lotte Vermeulen");
        await Expect(member.GetByTestId("member-email")).ToHaveTextAsync(email);
        await Expect(member.GetByTestId("member-intent")).ToHaveTextAsync("Co-applicant");
        var addressed = stakeholder.GetByTestId($"question-{qid}");
        await Expect(addressed.GetByTestId("question-text")).ToHaveTextAsync(questionText);

        // The stakeholder answers in writing; the answer reaches the phone.
        await stakeholder.GetByTestId($"answer-text-{qid}").FillAsync(answerText);
        await stakeholder.GetByTestId($"answer-submit-{qid}").ClickAsync();
        await Expect(addressed.GetByTestId("question-answer")).ToHaveTextAsync(answerText);
        await Expect(asked.GetByTestId("question-answer")).ToHaveTextAsync(answerText);

        // The joiners' CSV, with the stakeholder's token, holds the consented e-mail address.
        var csv = await Get($"/api/proposals/{id}/members.csv", stakeholderToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains(email, text);
        Assert.Contains("Lotte Vermeulen", text);
    }

    [Fact]
    public async Task ATitleAndAQuestionThatLookLikeHtmlAreShownAsTextOnEveryScreenAndRunNothing()
    {
        const string alerting = "<img src=x onerror=alert(1)>";
        const string marking = "<img src=x onerror=\"window.__xss=1\">";

        var (_, stakeholderToken) = await Invite("Mallory <b>Bold</b>", "<i>Org</i>");
        var joined = await Server.Join();

        await using var stakeholderHub = await Server.Connect(stakeholderToken);
        await using var participantHub = await Server.Connect(joined.Token);
        await using var facilitatorHub = await Server.Connect(Server.FacilitatorToken);

        var ids = new List<long>();
        foreach (var title in new[] { alerting, marking })
        {
            var created = await stakeholderHub.Invoke<StakeholderHub.Realtime.Ack>("CreateProposal", new
            {
                title,
                summary = title,
                partnersSought = title,
                countries = Array.Empty<string>(),
                themes = Array.Empty<string>(),
                tags = new[] { "<b>tag</b>" },
                agendaItemId = (long?)null,
                requestId = Guid.NewGuid().ToString(),
            });
            ids.Add(created.Id!.Value);
        }

        var questions = new List<long>();
        foreach (var (text, target) in new[] { (alerting, ids[0]), (marking, ids[1]) })
        {
            var asked = await participantHub.Invoke<StakeholderHub.Realtime.Ack>("AskQuestion", new
            {
                text,
                target = new { kind = "proposal", id = target },
                anonymous = false,
                requestId = Guid.NewGuid().ToString(),
            });
            questions.Add(asked.Id!.Value);
        }

        await facilitatorHub.Invoke<StakeholderHub.Realtime.Ack>("AnswerQuestion", questions[0], new { text = marking, live = false });
        await facilitatorHub.Invoke<StakeholderHub.Realtime.Ack>("ShowQuestion", questions[0]);

        var dialogs = new List<string>();
        async Task<IPage> Watched(string path, int width, int height)
        {
            var page = await NewDevice(width, height);
            page.Dialog += (_, dialog) =>
            {
                lock (dialogs)
                {
                    dialogs.Add(dialog.Message);
                }

                _ = dialog.DismissAsync();
            };
            await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
            await Expect(page.GetByTestId("connection-status")).ToHaveTextAsync("Live");
            return page;
        }

        var phone = await Watched($"/participant#token={joined.Token}", 390, 844);
        var projector = await Watched($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var facilitator = await Watched($"/facilitator#token={Server.FacilitatorToken}", 1280, 800);

        var titles = new[] { alerting, marking };
        for (var i = 0; i < 2; i++)
        {
            await Expect(phone.GetByTestId($"proposal-{ids[i]}").GetByTestId("proposal-title")).ToHaveTextAsync(titles[i]);
            await Expect(phone.GetByTestId($"question-{questions[i]}").GetByTestId("question-text")).ToHaveTextAsync(titles[i]);
            await Expect(projector.GetByTestId($"board-row-{ids[i]}").GetByTestId("board-title")).ToHaveTextAsync(titles[i]);
            await Expect(facilitator.GetByTestId($"fac-proposal-{ids[i]}").GetByTestId("fac-proposal-title")).ToHaveTextAsync(titles[i]);
            await Expect(facilitator.GetByTestId($"mod-question-{questions[i]}").GetByTestId("question-text")).ToHaveTextAsync(titles[i]);
        }

        await Expect(phone.GetByTestId($"question-{questions[0]}").GetByTestId("question-answer")).ToHaveTextAsync(marking);
        await Expect(projector.GetByTestId("screen-question-text")).ToHaveTextAsync(alerting);
        await Expect(projector.GetByTestId("screen-question-answer")).ToHaveTextAsync(marking);
        await Expect(phone.GetByTestId($"proposal-{ids[0]}")).ToContainTextAsync("Mallory <b>Bold</b>");
        await Expect(phone.GetByTestId($"proposal-{ids[0]}")).ToContainTextAsync("<b>tag</b>");

        // The text never became markup: no image (but the pages' own QR codes), bold or italic element anywhere on
        // the three screens, so no onerror could fire, and none did.
        foreach (var page in new[] { phone, projector, facilitator })
        {
            Assert.Equal(0, await page.Locator("main img:not([data-testid$='-qr']), main b, main i").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"));
        }

        lock (dialogs)
        {
            Assert.Empty(dialogs);
        }
    }
}
