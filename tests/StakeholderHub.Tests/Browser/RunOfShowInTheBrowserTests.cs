using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The facilitator runs three pitches: the room screen follows each with its spotlight and countdown within a second,
/// and the stakeholder's page tells them their pitch is next, then counts it down with the one-minute signal.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RunOfShowInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly LocatorAssertionsToHaveTextOptions WithinASecond = new() { Timeout = 1000 };

    private async Task<IPage> Open(string path, int width, int height)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    private static Task Announced(IPage page, string text) =>
        page.WaitForFunctionAsync("text => window.__notices.includes(text)", text, new() { Timeout = 5000 });

    [Fact]
    public async Task TheProjectorAndTheSpeakerFollowThreePitches()
    {
        await using var seed = await Seeded.Create(Server);
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var block = facilitator.Agenda!.Items.Single(item => item.Kind == "proposals");
        var first = (await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("Lisbon City of Learning", null, null, "Marta Silva", 2))).Id!.Value;
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput(null, seed.ProposalIds[0], null, null, 1));
        await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("Ghent youth work lab", null, null, "Eva Claes", 3));

        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var stakeholder = await Open($"/stakeholder#token={seed.StakeholderToken}", 1280, 900);
        var speaker = stakeholder.GetByTestId("speaker");
        await Expect(speaker).ToBeHiddenAsync();
        // The notice fades after 8 s; on a loaded machine the checks before it can take longer, so every
        // announcement is recorded as it is made and the test asks whether it was made.
        await stakeholder.EvaluateAsync("""
            () => {
              const notice = document.querySelector('[data-testid=speaker-notice]');
              window.__notices = [];
              new MutationObserver(() => { if (notice.textContent) window.__notices.push(notice.textContent); })
                .observe(notice, { childList: true, characterData: true, subtree: true });
            }
            """);

        // The first pitch is someone else's: the stakeholder's is next.
        await facilitator.Invoke<Ack>("StartPitch", first);
        await Expect(projector.GetByTestId("spotlight-title")).ToHaveTextAsync("Lisbon City of Learning", WithinASecond);
        await Expect(projector.GetByTestId("spotlight-owner")).ToHaveTextAsync("Marta Silva");
        await Expect(projector.GetByTestId("spotlight-countdown")).ToHaveTextAsync(new Regex(@"^0[12]:\d\d$"), WithinASecond);
        await Expect(speaker.GetByTestId("speaker-state")).ToHaveTextAsync("Your pitch is next", WithinASecond);
        await Expect(speaker.GetByTestId("speaker-title")).ToHaveTextAsync(Seeded.Titles[0]);
        await Announced(stakeholder, "Your pitch is next");
        await Expect(speaker.GetByTestId("speaker-countdown")).ToBeHiddenAsync();

        // Next: the stakeholder's one-minute pitch, in its last minute from the start.
        await facilitator.Invoke<Ack>("NextAgendaItem");
        await Expect(projector.GetByTestId("spotlight-title")).ToHaveTextAsync(Seeded.Titles[0], WithinASecond);
        await Expect(projector.GetByTestId("spotlight-owner")).ToContainTextAsync("Katrien De Smet");
        await Expect(projector.GetByTestId("spotlight-countdown")).ToHaveTextAsync(new Regex(@"^0[01]:\d\d$"), WithinASecond);
        await Expect(projector.GetByTestId("spotlight-countdown")).ToHaveAttributeAsync("data-phase", "last-minute");
        await Expect(speaker.GetByTestId("speaker-countdown")).ToHaveTextAsync(new Regex(@"^0[01]:\d\d$"), WithinASecond);
        await Expect(speaker.GetByTestId("speaker-state")).ToHaveTextAsync("One minute left", WithinASecond);
        await Expect(speaker).ToHaveAttributeAsync("data-phase", "last-minute");
        await Announced(stakeholder, "One minute left");
        await Expect(stakeholder.GetByTestId("speaker-notice")).ToHaveAttributeAsync("aria-live", "polite");

        // A question to "now" lands on the pitch: on the screen and on the speaker's page with its answer buttons.
        var asked = await seed.Other.Invoke<Ack>("AskQuestion", new
        {
            text = "Which cities have joined so far?",
            target = new { kind = "now", id = (long?)null },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        await Expect(projector.GetByTestId($"spotlight-question-{asked.Id}")).ToContainTextAsync("Which cities have joined so far?");
        var card = speaker.GetByTestId($"speaker-question-{asked.Id}");
        await Expect(card.GetByTestId("question-text")).ToHaveTextAsync("Which cities have joined so far?");
        await Expect(card.GetByTestId($"answer-live-{asked.Id}")).ToBeVisibleAsync();

        // One more minute: back to "on stage".
        await facilitator.Invoke<Ack>("ExtendPitch", 1);
        await Expect(speaker.GetByTestId("speaker-state")).ToHaveTextAsync("You are on stage", WithinASecond);
        await Expect(speaker.GetByTestId("speaker-countdown")).ToHaveTextAsync(new Regex(@"^01:\d\d$"));

        // The third pitch: the spotlight moves on, the speaker's view goes away.
        await facilitator.Invoke<Ack>("NextAgendaItem");
        await Expect(projector.GetByTestId("spotlight-title")).ToHaveTextAsync("Ghent youth work lab", WithinASecond);
        await Expect(projector.GetByTestId("spotlight-countdown")).ToHaveTextAsync(new Regex(@"^0[23]:\d\d$"), WithinASecond);
        await Expect(speaker).ToBeHiddenAsync();
    }
}
