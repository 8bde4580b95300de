using System.IO.Compression;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// Every view with content on it: axe-core finds no serious or critical violation, the room's pages speak Dutch and
/// French, the participant's script stays small, and the four views are photographed at their sizes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ViewsInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>A session in the middle of things: an item running, votes, a member, an answered question on the screen.</summary>
    private async Task<(Seeded Seed, string Participant)> Running()
    {
        var seed = await Seeded.Create(Server);
        var items = (await Server.Snapshot(Server.FacilitatorToken)).Agenda.Items;
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect(joined.Token);
        await using var stakeholder = await Server.Connect(seed.StakeholderToken);
        await facilitator.Invoke<Ack>("StartAgendaItem", items[1].Id);
        await participant.Invoke<Ack>("UpvoteProposal", seed.ProposalIds[0]);
        await participant.Invoke<Ack>("JoinProposal", seed.ProposalIds[0], new { intent = "co-applicant", note = "We run a badge pilot in Borgerhout.", shareContact = true, email = "lotte@jes.example" });
        var asked = await participant.Invoke<Ack>("AskQuestion", new
        {
            text = "Can partners outside Belgium join the pilot?",
            target = new { kind = "proposal", id = seed.ProposalIds[0] },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        await stakeholder.Invoke<Ack>("AnswerQuestion", asked.Id!.Value, new { text = "Yes: Dutch and German partners are welcome from the start.", live = false });
        await facilitator.Invoke<Ack>("ShowQuestion", asked.Id!.Value);
        return (seed, joined.Token);
    }

    private async Task<IPage> Open(string path, int width, int height, string locale = "en-GB")
    {
        var page = await NewDevice(width, height, locale);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        var status = page.GetByTestId("connection-status");
        if (await status.CountAsync() > 0)
        {
            await Expect(status).ToHaveAttributeAsync("data-state", "live");
        }

        return page;
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

    [StoreIndependentFact]
    public async Task NoViewHasASeriousOrCriticalAxeViolation()
    {
        var (seed, participant) = await Running();
        await using var _ = seed;

        var phone = await Open($"/participant#token={participant}", 390, 844);
        await Expect(phone.GetByTestId($"proposal-{seed.ProposalIds[0]}")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("badge-progress")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("badge-progress").GetByRole(AriaRole.Heading)).ToHaveTextAsync("My badge progress");
        await NoSeriousViolation(phone, "participant");
        // The join form of a proposal, opened.
        await phone.GetByTestId($"join-{seed.ProposalIds[1]}").ClickAsync();
        await NoSeriousViolation(phone, "participant with the join form");

        var stakeholder = await Open($"/stakeholder#token={seed.StakeholderToken}", 1280, 900);
        await Expect(stakeholder.GetByTestId($"my-proposal-{seed.ProposalIds[0]}")).ToBeVisibleAsync();
        await NoSeriousViolation(stakeholder, "stakeholder");

        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId("mod-question-list")).ToContainTextAsync("Can partners outside Belgium");
        await NoSeriousViolation(facilitator, "facilitator");

        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        await Expect(projector.GetByTestId("screen-question-text")).ToHaveTextAsync("Can partners outside Belgium join the pilot?");
        await NoSeriousViolation(projector, "projector");

        var join = await Open($"/join?code={Server.JoinCode}", 390, 844);
        await Expect(join.GetByTestId("event-title")).ToHaveTextAsync(Server.DefaultEvent.Event.Title);
        await NoSeriousViolation(join, "join");

        var index = await Open("/", 390, 844);
        await NoSeriousViolation(index, "landing");
    }

    [Fact]
    public async Task ThePhoneIsUsableWithTheKeyboardAndReadsOutNewQuestionsAndAnswersPolitely()
    {
        await using var seed = await Seeded.Create(Server);
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await Open($"/participant#token={joined.Token}", 390, 844);

        var upvote = phone.GetByTestId($"upvote-{seed.ProposalIds[2]}");
        await upvote.FocusAsync();
        await phone.Keyboard.PressAsync("Enter");
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
        await phone.GetByTestId("ask-text").FocusAsync();
        await phone.Keyboard.TypeAsync("Asked with the keyboard");
        await phone.Keyboard.PressAsync("Tab"); // the target
        await phone.Keyboard.PressAsync("Tab"); // anonymous
        await phone.Keyboard.PressAsync("Tab"); // ask
        await phone.Keyboard.PressAsync("Enter");
        await Expect(phone.GetByTestId("question-list")).ToContainTextAsync("Asked with the keyboard");

        // Questions and answers from elsewhere are read out in a polite live region.
        var notice = phone.GetByTestId("qa-notice");
        await Expect(notice).ToHaveAttributeAsync("aria-live", "polite");
        var asked = await seed.Other.Invoke<Ack>("AskQuestion", new
        {
            text = "Does the city pay for the badge platform?",
            target = new { kind = "room", id = (long?)null },
            anonymous = true,
            requestId = Guid.NewGuid().ToString(),
        });
        await Expect(notice).ToHaveTextAsync("New question: Does the city pay for the badge platform?");
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await facilitator.Invoke<Ack>("AnswerQuestion", asked.Id!.Value, new { text = "Yes, for the first two years.", live = false });
        await Expect(notice).ToHaveTextAsync("New answer to: Does the city pay for the badge platform?");
    }

    [Fact]
    public async Task ADutchPhoneSeesTheSessionInDutchAndCanSwitchToFrench()
    {
        var (seed, participant) = await Running();
        await using var _ = seed;

        var phone = await Open($"/participant#token={participant}", 390, 844, "nl-BE");
        await Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        await Expect(phone.Locator("#board-heading")).ToHaveTextAsync("Voorstellen");
        await Expect(phone.Locator("#qa-heading")).ToHaveTextAsync("Vragen");
        await Expect(phone.GetByTestId("ask-submit")).ToHaveTextAsync("Vragen");
        await Expect(phone.GetByTestId("badge-progress").GetByRole(AriaRole.Heading)).ToHaveTextAsync("Mijn badgevoortgang");
        await Expect(phone.GetByTestId($"upvote-{seed.ProposalIds[1]}")).ToContainTextAsync("Stem");
        await NoSeriousViolation(phone, "participant in Dutch");

        // Offline, in Dutch.
        await phone.Context.SetOfflineAsync(true);
        await Expect(phone.GetByTestId("connection-banner")).ToContainTextAsync("Je bent offline");
        await phone.Context.SetOfflineAsync(false);
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live", new() { Timeout = 15_000 });

        // The switcher: French, kept across a reload, same person.
        await phone.GetByTestId("language-select").SelectOptionAsync("fr");
        await Expect(phone.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(phone.Locator("#board-heading")).ToHaveTextAsync("Propositions");
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("En direct");
        await phone.ReloadAsync();
        await Expect(phone.Locator("#qa-heading")).ToHaveTextAsync("Questions");
        await Expect(phone.GetByTestId("ask-submit")).ToHaveTextAsync("Envoyer");
        Assert.Equal(participant, await phone.EvaluateAsync<string>("() => localStorage.getItem('shub.token.participant')"));

        // The projector in Dutch, chosen by the browser; and by ?lang= for one that nobody clicks.
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080, "nl-NL");
        await Expect(projector.Locator("#now-heading")).ToHaveTextAsync("Nu aan het woord");
        await Expect(projector.GetByTestId("attendance")).ToHaveTextAsync("2 deelnemers ingecheckt");
        await NoSeriousViolation(projector, "projector in Dutch");
        var french = await Open($"/projector?lang=fr#token={Server.ProjectorToken}", 1920, 1080);
        await Expect(french.Locator("#now-heading")).ToHaveTextAsync("Présentation en cours");

        // The staff pages follow the browser too.
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900, "nl-BE");
        await Expect(facilitator.Locator("html")).ToHaveAttributeAsync("lang", "nl");
    }

    [Fact]
    public async Task TheParticipantPagesScriptIsUnder150KilobytesGzipped()
    {
        var html = await Server.Http.GetStringAsync("/participant");
        var scripts = ScriptReference().Matches(html).Select(m => m.Groups["src"].Value).Distinct().ToList();
        Assert.NotEmpty(scripts);
        long total = 0;
        foreach (var script in scripts)
        {
            Assert.StartsWith("/", script); // from this hub, never another host
            var bytes = await Server.Http.GetByteArrayAsync(script);
            using var gzipped = new MemoryStream();
            await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
            {
                await gzip.WriteAsync(bytes);
            }

            total += gzipped.Length;
        }

        Assert.InRange(total, 1, 150 * 1024);
    }

    [GeneratedRegex("""<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="(?<src>[^"]+\.js)""")]
    private static partial Regex ScriptReference();

    /// <summary>
    /// The four views at their sizes with nothing cut off: the projector fills 1920×1080 without scrolling and the
    /// phone has no sideways scrolling at 390 px. The pictures go to STAKEHOLDERHUB_SCREENSHOTS when it is set
    /// (docs/screenshots for the README), else to a temporary folder.
    /// </summary>
    [Fact]
    public async Task TheFourViewsFitTheirScreensAndArePhotographed()
    {
        var (seed, participant) = await Running();
        await using var _ = seed;
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;
        Directory.CreateDirectory(folder);

        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        await Expect(projector.GetByTestId("screen-question-text")).ToBeVisibleAsync();
        await Expect(projector.GetByTestId("join-qr")).ToBeVisibleAsync();
        Assert.True(await projector.EvaluateAsync<bool>(
            "() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"));
        await Shot(projector, folder, "projector.png", fullPage: false);

        var phone = await Open($"/participant#token={participant}", 390, 844);
        await Expect(phone.GetByTestId($"proposal-{seed.ProposalIds[0]}")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"));
        await Shot(phone, folder, "participant.png", fullPage: true, height: 1700);

        var stakeholder = await Open($"/stakeholder#token={seed.StakeholderToken}", 1280, 900);
        await Expect(stakeholder.GetByTestId($"my-proposal-{seed.ProposalIds[0]}")).ToContainTextAsync("Lotte Vermeulen");
        await Shot(stakeholder, folder, "stakeholder.png", fullPage: true, height: 1300, from: "#addressed");

        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId("people-count")).ToContainTextAsync("2");
        await Shot(facilitator, folder, "facilitator.png", fullPage: true, height: 1300);
    }

    private static async Task Shot(IPage page, string folder, string name, bool fullPage, int? height = null, string? from = null)
    {
        // Let the bars finish their transition and the countdown tick once.
        await page.WaitForTimeoutAsync(600);
        var path = Path.Combine(folder, name);
        var options = new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled };
        if (height is { } tall)
        {
            // The top of a long page, as far down as the parts that matter.
            var top = from is null ? 0 : Math.Max(0, await page.Locator(from).EvaluateAsync<int>("node => Math.floor(node.getBoundingClientRect().top + scrollY) - 16"));
            var bottom = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            options.Clip = new Clip { X = 0, Y = top, Width = page.ViewportSize!.Width, Height = Math.Min(tall, bottom - top) };
        }

        await page.ScreenshotAsync(options);
        Assert.True(new FileInfo(path).Length > 10_000, $"{name} looks empty");
    }
}
