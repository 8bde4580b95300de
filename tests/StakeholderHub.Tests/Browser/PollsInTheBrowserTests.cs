using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>The facilitator runs a poll and a word cloud from the console; phones answer; the projector shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PollsInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private async Task<IPage> Open(string path, int width = 1280, int height = 800)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        return page;
    }

    private async Task<IPage[]> Phones(int count) =>
        await Task.WhenAll(Enumerable.Range(1, count).Select(async i =>
        {
            var joined = await Server.Join($"Phone {i}", "JES vzw");
            return await Open($"/participant#token={joined.Token}", 390, 844);
        }));

    /// <summary>Makes a poll through the facilitator's form, opens it and puts it on the screen; answers its row.</summary>
    private static async Task<ILocator> RunPoll(IPage facilitator, string kind, string question, string options = "")
    {
        await facilitator.GetByTestId("poll-kind").SelectOptionAsync(kind);
        await facilitator.GetByTestId("poll-question-input").FillAsync(question);
        if (options.Length > 0)
        {
            await facilitator.GetByTestId("poll-options-input").FillAsync(options);
        }

        await facilitator.GetByTestId("poll-create").ClickAsync();
        var row = facilitator.GetByTestId("admin-poll-list").Locator("li.admin-poll", new() { HasText = question });
        await Expect(row).ToBeVisibleAsync();
        await row.GetByTestId("poll-open").ClickAsync();
        await row.GetByTestId("poll-screen").ClickAsync();
        await Expect(row.GetByTestId("admin-poll-meta")).ToContainTextAsync("On the screen");
        return row;
    }

    [Fact]
    public async Task TheFacilitatorOpensAPollThreePhonesVoteAndTheProjectorShowsTheResults()
    {
        const string question = "Which competence area matters most for your city?";
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}");
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var phones = await Phones(3);

        var row = await RunPoll(facilitator, "single", question, "Networking and advocating\nCommunicating meaningfully\nDesigning programmes");
        await Expect(projector.GetByTestId("screen-poll-question")).ToHaveTextAsync(question);

        int[] choices = [0, 0, 2];
        for (var i = 0; i < phones.Length; i++)
        {
            var poll = phones[i].GetByTestId("poll-list").Locator("li.poll", new() { HasText = question });
            await poll.GetByTestId($"poll-option-{choices[i]}").ClickAsync();
            await Expect(poll.GetByTestId($"poll-option-{choices[i]}")).ToHaveAttributeAsync("aria-pressed", "true");
        }

        var bars = projector.GetByTestId("screen-poll");
        await Expect(bars.GetByTestId("poll-bar-0").GetByTestId("poll-bar-value")).ToHaveTextAsync("2 · 66.7%");
        await Expect(bars.GetByTestId("poll-bar-1").GetByTestId("poll-bar-value")).ToHaveTextAsync("0 · 0%");
        await Expect(bars.GetByTestId("poll-bar-2").GetByTestId("poll-bar-value")).ToHaveTextAsync("1 · 33.3%");
        await Expect(projector.GetByTestId("screen-poll-meta")).ToContainTextAsync("3 answers");
        await Expect(row.GetByTestId("poll-bar-0").GetByTestId("poll-bar-value")).ToHaveTextAsync("2 · 66.7%");
        // The phones see the live results too.
        await Expect(phones[2].GetByTestId("poll-bar-2").GetByTestId("poll-bar-value")).ToHaveTextAsync("1 · 33.3%");
        // The projector never scrolls.
        Assert.True(await projector.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"));
        Assert.True(await phones[0].EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"));
        await Picture(projector, "projector-poll.png");
        await Picture(phones[0], "participant-poll.png");

        // Closed: the phones can no longer vote.
        await row.GetByTestId("poll-close").ClickAsync();
        await Expect(phones[1].GetByTestId("poll-option-1")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task AWordCloudFillsOnTheProjector()
    {
        const string question = "One word for what non-formal learning means to you";
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}");
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var phones = await Phones(3);
        var row = await RunPoll(facilitator, "words", question);
        await Expect(projector.GetByTestId("screen-poll-question")).ToHaveTextAsync(question);

        string[][] answers = [["Freedom", "Open Badges"], ["open badges ", "Trust"], ["OPEN BADGES", "Play", "freedom"]];
        for (var i = 0; i < phones.Length; i++)
        {
            var poll = phones[i].GetByTestId("poll-list").Locator("li.poll", new() { HasText = question });
            for (var w = 0; w < answers[i].Length; w++)
            {
                await poll.GetByTestId($"poll-word-{w + 1}").FillAsync(answers[i][w]);
            }

            await poll.GetByTestId("poll-submit").ClickAsync();
            await Expect(poll.GetByTestId("poll-mine")).ToContainTextAsync(answers[i][0].Trim());
        }

        var cloud = projector.GetByTestId("screen-cloud");
        await Expect(cloud.GetByTestId("cloud-word")).ToHaveCountAsync(4);
        await Expect(cloud.Locator("[data-key='open badges']")).ToHaveAttributeAsync("data-count", "3");
        await Expect(cloud.Locator("[data-key='freedom']")).ToHaveAttributeAsync("data-count", "2");
        await Expect(cloud.Locator("[data-key='trust']")).ToHaveAttributeAsync("data-count", "1");
        // The most frequent is drawn largest.
        var big = await cloud.Locator("[data-key='open badges']").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        var small = await cloud.Locator("[data-key='trust']").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(big > small, $"open badges at {big}px, trust at {small}px");
        await Picture(projector, "projector-cloud.png");

        // The facilitator hides an answer: it leaves the wall.
        await row.GetByTestId("word-toggle-play").ClickAsync();
        await Expect(cloud.Locator("[data-key='play']")).ToHaveCountAsync(0);
    }

    private static async Task Picture(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "shub-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), Animations = ScreenshotAnimations.Disabled });
    }
}
