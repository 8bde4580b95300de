using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The facilitator edits the run of show from the page: sets the session's times, adds three pitches to the pitch
/// block (a proposal from the board and two named slots), moves one up, gives one more minutes, removes one after
/// confirming and starts one; a participant's hub client and the room screen follow, and axe finds nothing serious at
/// 1440 and 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PitchEditorInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
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

    private static IReadOnlyList<Pitch> PitchesOf(TestClient client, long itemId) =>
        client.Agenda?.Items.SingleOrDefault(item => item.Id == itemId)?.Pitches ?? [];

    [Fact]
    public async Task TheFacilitatorEditsThePitchesAndTheScheduleFromThePage()
    {
        await using var seed = await Seeded.Create(Server);
        await using var participant = await Server.Connect((await Server.Join("Zoë Janssens", "Jeugddienst", "BE")).Token);
        var block = participant.Agenda!.Items.Single(item => item.Kind == "proposals").Id;
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1280, 720);
        var page = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);

        // The session's times: the agenda shows the session's end, and everyone gets them.
        await page.GetByTestId("schedule-start").FillAsync("14:00");
        await page.GetByTestId("schedule-end").FillAsync("16:00");
        await page.GetByTestId("schedule-save").ClickAsync();
        await Expect(page.GetByTestId("pitch-notice")).ToHaveTextAsync("Session times saved.");
        await Expect(page.GetByTestId("agenda-summary")).ToContainTextAsync("session ends 16:00");
        await participant.WaitUntil(c => c.Agenda is { StartsAt: { } start, EndsAt: { } end } && end - start == TimeSpan.FromHours(2));

        // Three pitches: a proposal from the board (its owner speaks) and two named slots.
        await page.GetByTestId($"pitch-source-{block}").SelectOptionAsync(seed.ProposalIds[0].ToString());
        await page.GetByTestId($"pitch-minutes-{block}").FillAsync("4");
        await page.GetByTestId($"pitch-add-{block}").ClickAsync();
        await Expect(page.GetByTestId($"pitch-list-{block}").Locator("> li.pitch-row")).ToHaveCountAsync(1);
        foreach (var (slot, speaker, minutes) in new[] { ("Lisbon City of Learning", "Marta Silva", "3"), ("Ghent youth work lab", "Eva Claes", "2") })
        {
            await page.GetByTestId($"pitch-source-{block}").SelectOptionAsync("slot");
            await page.GetByTestId($"pitch-slot-{block}").FillAsync(slot);
            await page.GetByTestId($"pitch-speaker-{block}").FillAsync(speaker);
            await page.GetByTestId($"pitch-minutes-{block}").FillAsync(minutes);
            await page.GetByTestId($"pitch-add-{block}").ClickAsync();
            await Expect(page.GetByTestId("pitch-notice")).ToHaveTextAsync($"Pitch added: {slot}");
        }

        var rows = page.GetByTestId($"pitch-list-{block}").Locator("> li.pitch-row");
        await Expect(rows).ToHaveCountAsync(3);
        await participant.WaitUntil(c => PitchesOf(c, block).Count == 3);
        var ids = PitchesOf(participant, block).Select(p => p.Id).ToArray();
        var (badges, lisbon, ghent) = (ids[0], ids[1], ids[2]);
        await Expect(page.GetByTestId($"pitch-title-{badges}")).ToHaveTextAsync(Seeded.Titles[0]);
        await Expect(page.GetByTestId($"pitch-meta-{badges}")).ToHaveTextAsync("Katrien De Smet · 4 min");
        await Expect(page.GetByTestId($"pitch-meta-{ghent}")).ToHaveTextAsync("Eva Claes · 2 min");
        await Expect(page.GetByTestId($"pitch-up-{ghent}")).ToHaveAttributeAsync("aria-label", "Move up: Ghent youth work lab");
        await Expect(page.GetByTestId($"pitch-up-{badges}")).ToBeDisabledAsync();

        // Ghent moves up before Lisbon.
        await page.GetByTestId($"pitch-up-{ghent}").ClickAsync();
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-testid", $"pitch-{ghent}");
        await participant.WaitUntil(c => PitchesOf(c, block).Select(p => p.Id).SequenceEqual(new[] { badges, ghent, lisbon }));

        // Lisbon gets six minutes.
        await page.GetByTestId($"pitch-edit-{lisbon}").ClickAsync();
        await Expect(page.GetByTestId($"pitch-edit-minutes-{lisbon}")).ToHaveValueAsync("3");
        await page.GetByTestId($"pitch-edit-minutes-{lisbon}").FillAsync("6");
        await page.GetByTestId($"pitch-save-{lisbon}").ClickAsync();
        await Expect(page.GetByTestId($"pitch-meta-{lisbon}")).ToHaveTextAsync("Marta Silva · 6 min");
        await participant.WaitUntil(c => PitchesOf(c, block).Any(p => p.Id == lisbon && p.PlannedMinutes == 6));

        // Removing asks first; cancelling keeps it, confirming removes it.
        await page.GetByTestId($"pitch-remove-{badges}").ClickAsync();
        await page.GetByTestId($"pitch-cancel-remove-{badges}").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await page.GetByTestId($"pitch-remove-{badges}").ClickAsync();
        await Expect(page.GetByTestId($"pitch-{badges}")).ToContainTextAsync("Remove this pitch?");
        await page.GetByTestId($"pitch-confirm-remove-{badges}").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await participant.WaitUntil(c => PitchesOf(c, block).Select(p => p.Id).SequenceEqual(new[] { ghent, lisbon }));

        // Starting one puts it on stage: for the participant and on the room screen.
        await page.GetByTestId($"pitch-start-{ghent}").ClickAsync();
        await Expect(page.GetByTestId($"pitch-status-{ghent}")).ToHaveTextAsync("On stage");
        await Expect(page.GetByTestId($"pitch-start-{ghent}")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("now-title")).ToHaveTextAsync("Ghent youth work lab");
        await participant.WaitUntil(c => c.Agenda?.CurrentPitchId == ghent);
        await Expect(projector.GetByTestId("spotlight-title")).ToHaveTextAsync("Ghent youth work lab");

        // Another client's change shows at once: a pitch added over the hub appears on the page.
        await using (var facilitator = await Server.Connect(Server.FacilitatorToken))
        {
            await facilitator.Invoke<Ack>("AddPitch", block, new PitchInput("Platform slot: Cities of Learning", null, null, "Platform team", 5));
        }

        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(2)).ToContainTextAsync("Platform slot: Cities of Learning");

        await page.GetByTestId("pitch-editor").EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await Shot(page, "pitch-editor-1440.png");
        await NoSeriousViolation(page, "the pitch editor at 1440 px");

        var phone = await Open($"/facilitator#token={Server.FacilitatorToken}", 390, 844);
        await Expect(phone.GetByTestId($"pitch-list-{block}").Locator("> li.pitch-row")).ToHaveCountAsync(3);
        await Expect(phone.GetByTestId("schedule-end")).ToHaveValueAsync(new Regex("^16:00"));
        await phone.GetByTestId($"pitch-group-{block}").EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await Shot(phone, "pitch-editor-390.png");
        await NoSeriousViolation(phone, "the pitch editor at 390 px");
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
