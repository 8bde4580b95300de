using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The facilitator invites a moderator from the console; the moderator opens the personal link on a phone (390 px)
/// and at 1440 px, in English and in Dutch: publishes a waiting question, puts it on the screen (the room sees it),
/// shows a practice the content filter held (and sees why it was held); nothing of the agenda, the people or the
/// badges is on the page, and axe finds nothing serious.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModeratorInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;

    private async Task<IPage> Open(string path, int width, int height, string locale = "en-GB")
    {
        var page = await NewDevice(width, height, locale);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    [Fact]
    public async Task TheFacilitatorInvitesAModeratorFromTheConsole()
    {
        var console = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await console.GetByTestId("invite-name").FillAsync("Mieke Wouters");
        await console.GetByTestId("invite-organisation").FillAsync("Stad Gent");
        await console.GetByLabel("Invite as").SelectOptionAsync("moderator");
        await console.GetByTestId("invite-submit").ClickAsync();
        await Expect(console.GetByTestId("invite-link")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/moderator#token="));
        await Expect(console.GetByTestId("people-list").Locator("[data-role=moderator]")).ToContainTextAsync("Moderator");
        var link = await console.GetByTestId("invite-link").InputValueAsync();

        var phone = await Open(new Uri(link).PathAndQuery + new Uri(link).Fragment, 390, 844);
        await Expect(phone.GetByTestId("greeting")).ToHaveTextAsync("Hello Mieke Wouters, you are moderating this session.");
    }

    [Theory]
    [InlineData("en", "en-GB")]
    [InlineData("nl", "nl-BE")]
    public async Task TheModeratorRunsTheQuestionsAndThePracticeWall(string language, string locale)
    {
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await facilitator.Invoke<object>("AddFilterWord", "Brexit");
        await facilitator.Invoke<object>("SetModeration", true);
        var invited = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/invites", new { name = "Mieke Wouters", organisation = "Stad Gent", role = "moderator" });
        var token = HubServer.TokenOf(invited.GetProperty("link").GetString()!);
        var ana = await Server.Join("Ana Peeters", "CAP-City", "BE");
        await using var participant = await Server.Connect(ana.Token);
        await participant.Invoke<object>("AskQuestion", new { text = "Who funds the pilot in Ghent?", target = new { kind = "room" }, anonymous = false });
        var practice = await participant.Invoke<StakeholderHub.Realtime.Ack>("SharePractice", new { title = "Brexit lessons for youth work", text = "What we learnt from partners in the UK." });
        await participant.Invoke<object>("SharePractice", new { title = "Badges on the library card", text = "The library issues them at the desk." });

        var page = await Open($"/moderator?lang={language}#token={token}", 390, 844, locale);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        var question = page.GetByTestId("mod-question-list").Locator("li.question");
        await Expect(question).ToHaveCountAsync(1);
        await Expect(question).ToHaveAttributeAsync("data-status", "pending");
        // Nothing of the facilitator's: no agenda editor, no people, no badges, no polls, no invite form.
        foreach (var absent in new[] { "agenda-list", "people-list", "badge-panel", "invite-form", "projector-mode", "next-item" })
        {
            await Expect(page.GetByTestId(absent)).ToHaveCountAsync(0);
        }

        var held = page.GetByTestId($"practice-held-{practice.Id}");
        await Expect(held).ToBeVisibleAsync();
        await Expect(held).ToContainTextAsync("brexit", new() { IgnoreCase = true });
        await Shot(page, $"moderator-{language}-390.png");
        await NoSeriousViolation(page, $"the moderator's page in {language} at 390 px");

        var id = long.Parse((await question.GetAttributeAsync("data-question-id"))!);
        await page.GetByTestId($"publish-{id}").ClickAsync();
        await Expect(question).ToHaveAttributeAsync("data-status", "published");
        await page.GetByTestId($"show-{id}").ClickAsync();
        await Expect(question).ToHaveAttributeAsync("data-on-screen", "true");
        await participant.WaitUntil(c => c.Applied.Any(change => change.Kind == "screen" && change.Data.GetProperty("questionId").ValueKind == System.Text.Json.JsonValueKind.Number));
        await page.GetByTestId("screen-pin").CheckAsync();
        await Expect(page.GetByTestId("screen-pin")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("screen-pin")).ToBeEnabledAsync();

        await page.GetByTestId($"practice-toggle-{practice.Id}").ClickAsync();
        await participant.WaitUntil(c => c.Applied.Any(change => change.Kind == "practice" && change.Data.GetProperty("id").GetInt64() == practice.Id
            && !change.Data.GetProperty("hidden").GetBoolean()));

        var wide = await Open($"/moderator?lang={language}#token={token}", 1440, 900, locale);
        await Expect(wide.GetByTestId("mod-question-list").Locator("li.question")).ToHaveAttributeAsync("data-on-screen", "true");
        await Shot(wide, $"moderator-{language}-1440.png");
        await NoSeriousViolation(wide, $"the moderator's page in {language} at 1440 px");
    }

    private static async Task NoSeriousViolation(IPage page, string view)
    {
        var results = await Axe.Run(page);
        var serious = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{view}: {string.Join("\n", serious)}");
    }

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), Animations = ScreenshotAnimations.Disabled, FullPage = true });
    }
}
