using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Events;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The EcoSystem Explorer badge played in the browser: a phone earns it step by step and claims it, the badge page
/// verifies it, the baked PNG holds the credential, and the facilitator sees it and exports it. Also: practices
/// render as text everywhere, and a closed session disables the forms.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BadgeInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Markup = "<img src=x onerror=window.__xss=1>";

    private async Task<IPage> Open(string path, int width, int height)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
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

    /// <summary>
    /// A picture of one part of a page, into STAKEHOLDERHUB_SCREENSHOTS when it is set (docs/screenshots for the
    /// README), else into a temporary folder.
    /// </summary>
    private static async Task Shot(ILocator part, string name)
    {
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 5_000, $"{name} looks empty");
    }

    private static async Task ExpectStep(IPage page, string key, bool done) =>
        await Expect(page.GetByTestId($"badge-step-{key}")).ToHaveAttributeAsync("data-done", done ? "true" : "false");

    [Fact]
    public async Task APhoneEarnsClaimsAndVerifiesTheBadgeAndTheFacilitatorExportsIt()
    {
        await using var seed = await Seeded.Create(Server);
        const string email = "lotte.vermeulen@jes.example";

        // A phone joins through the join form.
        var phone = await NewDevice(360, 800);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await phone.Locator("#name").FillAsync("Lotte Vermeulen");
        await phone.Locator("#organisation").FillAsync("JES vzw");
        await phone.Locator("#country").SelectOptionAsync("BE");
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/participant$"));
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        var personId = (await Server.Snapshot(await Seeded.ParticipantOf(phone))).Me.Id;

        // Checked in; nothing else yet; no claim form.
        var section = phone.GetByTestId("badge-progress");
        await ExpectStep(phone, "checked_in", true);
        await ExpectStep(phone, "joined_proposal", false);
        await ExpectStep(phone, "asked_or_shared", false);
        await ExpectStep(phone, "reflected", false);
        await Expect(phone.GetByTestId("badge-step-joined_proposal")).ToContainTextAsync("Joined a proposal");
        await Expect(phone.GetByTestId("claim-form")).ToBeHiddenAsync();

        // Joins a proposal through its join form.
        var proposalId = seed.ProposalIds[0];
        await phone.GetByTestId($"join-{proposalId}").ClickAsync();
        await phone.GetByTestId("join-intent").SelectOptionAsync("partner");
        await phone.GetByTestId("join-consent-no").CheckAsync();
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId($"leave-{proposalId}")).ToBeVisibleAsync();
        await ExpectStep(phone, "joined_proposal", true);
        await Expect(phone.GetByTestId("badge-notice")).ToContainTextAsync("Joined a proposal");

        // Shares a practice.
        await phone.GetByTestId("practice-title").FillAsync("Open Badges for volunteers");
        await phone.GetByTestId("practice-text").FillAsync("Our youth centre issues a badge for every volunteer role.\nEmployers ask for them.");
        await phone.GetByTestId("practice-submit").ClickAsync();
        await Expect(phone.GetByTestId("practice-list")).ToContainTextAsync("Open Badges for volunteers");
        await Expect(phone.GetByTestId("practice-title")).ToHaveValueAsync("");
        await ExpectStep(phone, "asked_or_shared", true);

        // Writes a reflection: saved, prefilled after a reload.
        await phone.GetByTestId("reflection-take-home").FillAsync("Three cities already recognise volunteering with badges.");
        await phone.GetByTestId("reflection-contribute").FillAsync("We can pilot the badge in our youth centres.");
        await phone.GetByTestId("reflection-submit").ClickAsync();
        await Expect(phone.GetByTestId("reflection-saved")).ToBeVisibleAsync();
        await ExpectStep(phone, "reflected", true);
        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        await Expect(phone.GetByTestId("reflection-take-home")).ToHaveValueAsync("Three cities already recognise volunteering with badges.");
        await Expect(phone.GetByTestId("reflection-contribute")).ToHaveValueAsync("We can pilot the badge in our youth centres.");

        // Eligible: the claim form, its e-mail explained; the filled section passes axe.
        await Expect(phone.GetByTestId("badge-eligible")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("claim-form")).ToBeVisibleAsync();
        await Expect(section).ToContainTextAsync("salted hash");
        await NoSeriousViolation(phone, "participant with the claim form");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"));

        await phone.GetByTestId("claim-email").FillAsync(email);
        // Unticked until she agrees to be contacted with it; only then do the exports show the address (issue 14).
        await Expect(phone.GetByTestId("claim-contact")).Not.ToBeCheckedAsync();
        await phone.GetByTestId("claim-contact").CheckAsync();
        await phone.GetByTestId("claim-submit").ClickAsync();
        await Expect(phone.GetByTestId("badge-earned")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("badge-earned-text")).ToHaveTextAsync("You earned the EcoSystem Explorer badge.");
        await Expect(phone.GetByTestId("claim-form")).ToBeHiddenAsync();
        await NoSeriousViolation(phone, "participant with a badge");
        await Shot(phone.Locator("#practices"), "participant-practices.png");
        await Shot(phone.Locator("#reflection"), "participant-reflection.png");
        await Shot(section, "participant-badge.png");
        var pageUrl = await phone.GetByTestId("badge-link").GetAttributeAsync("href");
        Assert.NotNull(pageUrl);
        var badgeId = new Uri(pageUrl!).Segments.Last();

        // The baked PNG, downloaded from the participant page, holds the credential the badge serves.
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.GetByTestId("badge-png").ClickAsync());
        var png = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var jwt = await Server.Http.GetStringAsync($"/badges/{badgeId}/credential.jwt");
        Assert.False(string.IsNullOrWhiteSpace(jwt));
        Assert.Equal(jwt.Trim(), Baking.ReadPng(png, "openbadgecredential")?.Trim());

        // The badge page: reached by the link, passes axe, and verifies.
        await phone.GetByTestId("badge-link").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex($"/badges/{badgeId}$"));
        await Expect(phone.GetByTestId("badge-recipient")).ToHaveTextAsync("Lotte Vermeulen");
        await NoSeriousViolation(phone, "badge page");
        await phone.GetByTestId("verify").ClickAsync();
        await Expect(phone.GetByTestId("verification")).ToHaveAttributeAsync("data-status", "valid");
        await NoSeriousViolation(phone, "badge page with the verification");

        // The facilitator sees the participant eligible with a badge, and the earners CSV holds the e-mail she agreed to.
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId($"badge-name-{personId}")).ToContainTextAsync("Lotte Vermeulen");
        await Expect(facilitator.GetByTestId($"badge-eligible-{personId}")).ToHaveAttributeAsync("data-eligible", "true");
        await Expect(facilitator.GetByTestId($"badge-cell-{personId}")).ToHaveAttributeAsync("data-badge", "valid");
        await Expect(facilitator.GetByTestId($"badge-link-{personId}")).ToHaveAttributeAsync("href", pageUrl!);
        var csv = await facilitator.RunAndWaitForDownloadAsync(() => facilitator.GetByTestId("export-earners").ClickAsync());
        var earners = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains(email, earners);
        Assert.Contains("Lotte Vermeulen", earners);
        var json = await facilitator.RunAndWaitForDownloadAsync(() => facilitator.GetByTestId("export-credentials").ClickAsync());
        Assert.Contains(badgeId, await File.ReadAllTextAsync((await json.PathAsync())!));
        await NoSeriousViolation(facilitator, "facilitator with the badge panel");
        await Shot(facilitator.GetByTestId("badge-panel"), "facilitator-badge.png");

        // Revoked with a reason: the phone says so.
        await phone.GotoAsync(new Uri(Server.BaseUrl, "/participant").ToString());
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        await Expect(phone.GetByTestId("badge-earned-text")).ToHaveTextAsync("You earned the EcoSystem Explorer badge.");
        await facilitator.GetByTestId($"revoke-{personId}").ClickAsync();
        await facilitator.GetByTestId($"revoke-reason-{personId}").FillAsync("Issued by mistake");
        await facilitator.GetByTestId($"revoke-confirm-{personId}").ClickAsync();
        await Expect(facilitator.GetByTestId($"badge-cell-{personId}")).ToHaveAttributeAsync("data-badge", "revoked");
        await Expect(phone.GetByTestId("badge-earned-text")).ToHaveTextAsync("Your badge was revoked by the facilitator.");
    }

    [Fact]
    public async Task APracticeWithMarkupIsTextOnTheParticipantAndFacilitatorPagesAndTheFacilitatorCanHideIt()
    {
        var author = await Server.Join("Jonas Wouters", "CODEC", "NL");
        await using var client = await Server.Connect(author.Token);
        var shared = await client.Invoke<Ack>("SharePractice", new { title = Markup, text = Markup, requestId = Guid.NewGuid().ToString() });
        var id = shared.Id!.Value;

        var reader = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await Open($"/participant#token={reader.Token}", 390, 844);
        var card = phone.GetByTestId($"practice-{id}");
        await Expect(card.Locator(".practice-title")).ToHaveTextAsync(Markup);
        await Expect(card.Locator(".practice-text")).ToHaveTextAsync(Markup);
        Assert.Equal(0, await phone.GetByTestId("practice-list").Locator("img").CountAsync());

        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        var row = facilitator.GetByTestId($"fac-practice-{id}");
        await Expect(row.Locator(".practice-title")).ToHaveTextAsync(Markup);
        await Expect(row.Locator(".practice-text")).ToHaveTextAsync(Markup);
        Assert.Equal(0, await facilitator.GetByTestId("fac-practice-list").Locator("img").CountAsync());

        // Hidden: gone from the phone, kept (marked) for the facilitator; shown again: back.
        await facilitator.GetByTestId($"practice-toggle-{id}").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-hidden", "true");
        await Expect(card).ToHaveCountAsync(0);
        await facilitator.GetByTestId($"practice-toggle-{id}").ClickAsync();
        await Expect(row).Not.ToHaveAttributeAsync("data-hidden", "true");
        await Expect(card).ToBeVisibleAsync();

        Assert.Null(await phone.EvaluateAsync<object?>("() => window.__xss ?? null"));
        Assert.Null(await facilitator.EvaluateAsync<object?>("() => window.__xss ?? null"));
    }

    [Fact]
    public async Task ClosingTheSessionDisablesTheReflectionAndPracticeFormsAndReopeningEnablesThem()
    {
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await Open($"/participant#token={joined.Token}", 390, 844);
        await Expect(phone.GetByTestId("reflection-take-home")).ToBeEnabledAsync();
        await Expect(phone.GetByTestId("reflection-closed")).ToBeHiddenAsync();

        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId("event-status")).ToHaveAttributeAsync("data-closed", "false");
        await facilitator.GetByTestId("event-close-toggle").ClickAsync();
        await Expect(facilitator.GetByTestId("event-status")).ToHaveAttributeAsync("data-closed", "true");

        await Expect(phone.GetByTestId("reflection-take-home")).ToBeDisabledAsync();
        await Expect(phone.GetByTestId("reflection-contribute")).ToBeDisabledAsync();
        await Expect(phone.GetByTestId("reflection-submit")).ToBeDisabledAsync();
        await Expect(phone.GetByTestId("reflection-closed")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("practice-submit")).ToBeDisabledAsync();
        await Expect(phone.GetByTestId("practice-closed")).ToBeVisibleAsync();

        await facilitator.GetByTestId("event-close-toggle").ClickAsync();
        await Expect(phone.GetByTestId("reflection-take-home")).ToBeEnabledAsync();
        await Expect(phone.GetByTestId("reflection-submit")).ToBeEnabledAsync();
        await Expect(phone.GetByTestId("reflection-closed")).ToBeHiddenAsync();
    }

    /// <summary>Joins (with an e-mail or without) and does the three things a badge needs besides checking in.</summary>
    private async Task<(Joined Joined, TestClient Client)> Eligible(string name, string? email, long proposalId)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/join", new { code = Server.JoinCode, name, organisation = "CAP-City", country = "BE", email, badgeEmail = email is not null });
        response.EnsureSuccessStatusCode();
        var joined = (await response.Content.ReadFromJsonAsync<Joined>(Json.Options))!;
        var client = await Server.Connect(joined.Token);
        await client.Invoke<Ack>("JoinProposal", proposalId, new { intent = "observer", note = "", shareContact = false });
        await client.Invoke<Ack>("SharePractice", new { title = $"A practice of {name}", text = "Badges for volunteers.", requestId = Guid.NewGuid().ToString() });
        await client.Invoke<Ack>("SaveReflection", new { takeHome = "Recognition matters.", contribute = "" });
        return (joined, client);
    }

    [Fact]
    public async Task TheFacilitatorsThresholdsShowOnThePhoneAndIssuingReportsWhoHasNoEmail()
    {
        await using var seed = await Seeded.Create(Server);
        var (withEmail, first) = await Eligible("Ann Claes", "ann@cap-city.example", seed.ProposalIds[0]);
        var (withoutEmail, second) = await Eligible("Bea Maes", null, seed.ProposalIds[0]);
        await using var _ = first;
        await using var __ = second;

        var phone = await Open($"/participant#token={withoutEmail.Token}", 390, 844);
        await ExpectStep(phone, "joined_proposal", true);
        await Expect(phone.GetByTestId("claim-form")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("badge-step-joined_proposal")).Not.ToContainTextAsync(" of ");

        // Two proposals to join: the phone counts "1 of 2", the step is not done, no claim form.
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId("rule-checked_in")).ToBeDisabledAsync();
        await facilitator.GetByTestId("rule-joined_proposal").FillAsync("2");
        await facilitator.GetByTestId("rule-save").ClickAsync();
        await Expect(facilitator.GetByTestId("badge-admin-notice")).ToHaveTextAsync("The rule was saved.");
        await Expect(phone.GetByTestId("badge-step-joined_proposal")).ToContainTextAsync("1 of 2");
        await ExpectStep(phone, "joined_proposal", false);
        await Expect(phone.GetByTestId("claim-form")).ToBeHiddenAsync();
        await Expect(facilitator.GetByTestId($"badge-eligible-{withoutEmail.Person.Id}")).ToHaveAttributeAsync("data-eligible", "false");

        await facilitator.GetByTestId("rule-joined_proposal").FillAsync("1");
        await facilitator.GetByTestId("rule-save").ClickAsync();
        await ExpectStep(phone, "joined_proposal", true);
        await Expect(phone.GetByTestId("claim-form")).ToBeVisibleAsync();

        // Issue to all eligible: the one with an e-mail gets it, the one without is named in the report.
        await facilitator.GetByTestId("issue-badges").ClickAsync();
        var report = facilitator.GetByTestId("issue-report");
        await Expect(report).ToHaveAttributeAsync("data-issued", "1");
        await Expect(report).ToHaveAttributeAsync("data-without-email", "1");
        await Expect(report).ToContainTextAsync("Bea Maes");
        await Expect(facilitator.GetByTestId($"badge-cell-{withEmail.Person.Id}")).ToHaveAttributeAsync("data-badge", "valid");
        await Expect(facilitator.GetByTestId($"badge-cell-{withoutEmail.Person.Id}")).ToHaveAttributeAsync("data-badge", "none");
        await Expect(phone.GetByTestId("claim-form")).ToBeVisibleAsync();
    }
}
