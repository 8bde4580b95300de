using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The facilitator's console on one laptop screen and on a phone: the run-of-show bar stays in view while the page
/// scrolls, the questions sort and filter to what is on stage, the people list is searched, Alt+N moves on, the agenda
/// warns that it runs past the session's end, and axe finds nothing serious. A participant's question goes to what is
/// on stage unless they choose otherwise.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;

    private async Task<IPage> Open(string path, int width, int height)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    /// <summary>A running pitch block with questions to the pitch and to the room, a crowd, and a schedule too short for the agenda.</summary>
    private async Task<(Seeded Seed, TestClient Facilitator, long MostVoted, long Newest)> Running()
    {
        var seed = await Seeded.Create(Server);
        var facilitator = await Server.Connect(Server.FacilitatorToken);
        var block = facilitator.Agenda!.Items.Single(item => item.Kind == "proposals");
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput(null, seed.ProposalIds[0], null, null, 5));
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("Lisbon City of Learning", null, null, "Marta Silva", 5));
        var now = DateTimeOffset.UtcNow;
        await facilitator.Invoke<Ack>("SetSchedule", new ScheduleInput(now, now.AddMinutes(60)));
        await facilitator.Invoke<Ack>("StartAgendaItem", block.Id);
        for (var i = 0; i < 14; i++)
        {
            await Server.Join($"Participant {i:00}", "Youth Centre", "BE");
        }

        await seed.Other.Invoke<Ack>("AskQuestion", new
        {
            text = "How many cities have joined the badge pilot?",
            target = new { kind = "now", id = (long?)null },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        var newest = await seed.Other.Invoke<Ack>("AskQuestion", new
        {
            text = "Where can we find the slides afterwards?",
            target = new { kind = "room", id = (long?)null },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        await using var ana = await Server.Connect((await Server.Join("Ana Peeters", "CAP-City", "BE")).Token);
        await ana.Invoke<Ack>("UpvoteQuestion", seed.QuestionId);
        return (seed, facilitator, seed.QuestionId, newest.Id!.Value);
    }

    [Fact]
    public async Task TheConsoleFitsALaptopScreenAndAPhone()
    {
        var (seed, facilitator, mostVoted, newest) = await Running();
        await using var _ = seed;
        await using var __ = facilitator;

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await Open($"/facilitator#token={Server.FacilitatorToken}", width, height);
            var bar = page.GetByTestId("run-bar");
            await Expect(page.GetByTestId("now-title")).ToHaveTextAsync(Seeded.Titles[0]);
            await Expect(page.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^0[45]:\d\d$"));
            await Expect(page.GetByTestId("item-countdown")).ToHaveTextAsync(new Regex(@"^\d\d:\d\d$"));
            await Expect(page.GetByTestId("next-item")).ToHaveAttributeAsync("aria-keyshortcuts", "Alt+N");
            await Expect(page.GetByTestId("shortcut-hint")).ToContainTextAsync("Alt+N");
            await Expect(page.GetByTestId("projector-mode")).ToHaveValueAsync("auto");
            await Expect(page.GetByTestId("agenda-overrun")).ToContainTextAsync("past the end of the session");
            await Expect(page.GetByTestId("agenda-summary")).ToContainTextAsync(new Regex(@"Total \d+ min · planned end \d\d:\d\d · session ends \d\d:\d\d"));
            await Shot(page, $"console-{width}.png");

            // Scrolled to the bottom, the bar is still at the top of the screen, buttons and all.
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            await page.WaitForFunctionAsync("() => window.scrollY > 1000");
            await Expect(bar).ToBeInViewportAsync();
            await Expect(page.GetByTestId("next-item")).ToBeInViewportAsync();
            var box = await bar.BoundingBoxAsync();
            Assert.True(box is { Y: >= -1 and <= 1 }, $"the bar is at {box?.Y} at {width} px");
            Assert.True(box!.Height < height / 2, $"the bar takes {box.Height} of {height} px");
            await Shot(page, $"console-{width}-scrolled.png");

            await NoSeriousViolation(page, $"facilitator at {width} px");
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }

        var console = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        var questions = console.GetByTestId("mod-question-list").Locator("> li");
        await console.GetByTestId("question-sort").SelectOptionAsync("newest");
        await Expect(questions.First).ToHaveAttributeAsync("data-testid", $"mod-question-{newest}");
        await console.GetByTestId("question-sort").SelectOptionAsync("votes");
        await Expect(questions.First).ToHaveAttributeAsync("data-testid", $"mod-question-{mostVoted}");
        await console.GetByTestId("question-filter").SelectOptionAsync("stage");
        await Expect(questions).ToHaveCountAsync(1);
        await Expect(questions.First).ToContainTextAsync("How many cities have joined the badge pilot?");
        await Expect(console.GetByTestId("question-filter").Locator("option[value=stage]")).ToHaveTextAsync($"On stage: {Seeded.Titles[0]}");

        var people = console.GetByTestId("people-list").Locator(".person:visible");
        await Expect(people).ToHaveCountAsync(17);
        await console.GetByTestId("people-search").FillAsync("wouters");
        await Expect(people).ToHaveCountAsync(1);
        await Expect(people.First).ToContainTextAsync("Jonas Wouters");
        await console.GetByTestId("people-search").FillAsync("nobody here");
        await Expect(console.GetByTestId("people-no-match")).ToBeVisibleAsync();

        // The keys work from anywhere on the page: Alt+N moves to the next pitch, Alt+1 gives it a minute more.
        await console.GetByTestId("people-search").FocusAsync();
        await console.Keyboard.PressAsync("Alt+N");
        await Expect(console.GetByTestId("now-title")).ToHaveTextAsync("Lisbon City of Learning");
        await Expect(console.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^0[45]:\d\d$"));
        await console.Keyboard.PressAsync("Alt+1");
        await Expect(console.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^0[56]:\d\d$"));
        await facilitator.Invoke<Ack>("ShowQuestion", newest);
        await Expect(console.GetByTestId("bar-clear-screen")).ToBeEnabledAsync();
        await console.Keyboard.PressAsync("Alt+C");
        await Expect(console.GetByTestId("bar-clear-screen")).ToBeDisabledAsync();
        await Expect(console.GetByTestId("screen-status")).ToHaveTextAsync("No question on the screen.");
    }

    [Fact]
    public async Task AParticipantsQuestionGoesToWhatIsOnStageUnlessTheyChooseAnother()
    {
        var (seed, facilitator, _, _) = await Running();
        await using var __ = seed;
        await using var ___ = facilitator;
        var ana = await Server.Join("Zoë Janssens", "Jeugddienst", "BE");
        var page = await Open($"/participant#token={ana.Token}", 390, 844);

        var target = page.GetByTestId("ask-target");
        await Expect(target).ToHaveValueAsync("now");
        await Expect(page.GetByTestId("ask-target-now")).ToHaveTextAsync($"Now on stage: {Seeded.Titles[0]}");
        await Expect(page.GetByTestId("add-to-calendar")).ToBeVisibleAsync();

        // The next pitch: the default follows the stage.
        await facilitator.Invoke<Ack>("NextAgendaItem");
        await Expect(page.GetByTestId("ask-target-now")).ToHaveTextAsync("Now on stage: Lisbon City of Learning");
        await Expect(target).ToHaveValueAsync("now");

        // Chosen by hand, it stays chosen when the stage moves on.
        await target.SelectOptionAsync("room");
        await facilitator.Invoke<Ack>("NextAgendaItem");
        await Expect(page.GetByTestId("now-title")).Not.ToHaveTextAsync("Lisbon City of Learning");
        await Expect(target).ToHaveValueAsync("room");
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
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), Animations = ScreenshotAnimations.Disabled });
    }
}
