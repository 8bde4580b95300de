using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// "My session" on a phone in Dutch and on a desktop in English: the owner's contact and the fellow partners who
/// consented (live: a partner who withdraws goes without a reload), the owner's update with its calendar file, the
/// page after the session closed; axe finds nothing serious at 390 and 1440 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MySessionInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task APartnerFindsTheOthersLiveAndKeepsThePageAfterTheSessionCloses()
    {
        var room = Room.On(Server);
        var jan = await room.Invite("Jan De Smet", "Stad Gent");
        await using var owner = await BoardClient.Connect(Server, jan.Token, "owner");
        await using var facilitator = await BoardClient.Connect(Server, Server.FacilitatorToken, "facilitator");
        var proposal = await room.CreateProposal(owner);
        await owner.Call("SetOwnerContact", new { email = "jan@stad.example" });
        var ann = await room.Join("Ann Peeters", "Jeugdhuis Ann", "BE", "ann@example.org");
        var bob = await room.Join("Bob Martens", "Bob Vzw", "NL", "bob@example.org");
        var cas = await room.Join("Cas Dubois", "Maison Cas", "FR", "cas@example.org");
        await using (var phone = await BoardClient.Connect(Server, ann.Token, "Ann"))
        {
            await phone.Call("JoinProposal", proposal, Membership(shareContact: true, sharePartners: true));
        }

        await using var bobHub = await BoardClient.Connect(Server, bob.Token, "Bob");
        await bobHub.Call("JoinProposal", proposal, Membership(shareContact: false, sharePartners: true));
        await using (var casHub = await BoardClient.Connect(Server, cas.Token, "Cas"))
        {
            await casHub.Call("JoinProposal", proposal, Membership(shareContact: true, sharePartners: false));
        }

        // Ann's phone, in Dutch, opened with her personal link.
        var phonePage = await NewDevice(390, 844, "nl-BE");
        await phonePage.GotoAsync(new Uri(Server.BaseUrl, $"/my-session?lang=nl#token={ann.Token}").ToString());
        await Expect(phonePage.Locator("body")).ToHaveAttributeAsync("data-live", "true");
        await Expect(phonePage.Locator("h1")).ToHaveTextAsync("Mijn sessie");
        var card = phonePage.GetByTestId($"my-session-proposal-{proposal}");
        await Expect(card.GetByTestId($"my-session-owner-{proposal}")).ToContainTextAsync("jan@stad.example");
        await Expect(card.GetByTestId($"my-session-partner-{bob.Id}")).ToContainTextAsync("bob@example.org");
        await Expect(card).Not.ToContainTextAsync("Cas Dubois");
        await Expect(card.GetByTestId($"my-session-share-partners-{proposal}")).ToBeCheckedAsync();
        await Expect(phonePage).ToHaveURLAsync(new Regex("/my-session\\?lang=nl$"));
        await NoSeriousViolation(phonePage, "my session, phone, nl");
        await Shot(phonePage, "my-session-phone-nl.png");

        // The owner's desktop, in English: the joiners who share with the owner, and the update form.
        var desktop = await NewDevice(1440, 900);
        await desktop.GotoAsync(new Uri(Server.BaseUrl, $"/my-session?lang=en#token={jan.Token}").ToString());
        await Expect(desktop.Locator("body")).ToHaveAttributeAsync("data-live", "true");
        await Expect(desktop.Locator("h1")).ToHaveTextAsync("My session");
        var ownerCard = desktop.GetByTestId($"my-session-proposal-{proposal}");
        await Expect(ownerCard.GetByTestId($"my-session-partner-{ann.Id}")).ToContainTextAsync("ann@example.org");
        await Expect(ownerCard.GetByTestId($"my-session-partner-{cas.Id}")).ToContainTextAsync("cas@example.org");
        await Expect(ownerCard).Not.ToContainTextAsync("bob@example.org");
        await Expect(desktop.GetByTestId("my-session-contact")).ToHaveValueAsync("jan@stad.example");
        await desktop.GetByTestId($"my-session-update-text-{proposal}").FillAsync("Kick-off call on 12 January");
        await desktop.GetByTestId($"my-session-update-at-{proposal}").FillAsync("2027-01-12T14:00");
        await desktop.GetByTestId($"my-session-post-send-{proposal}").ClickAsync();
        await Expect(desktop.GetByTestId($"my-session-form-notice-{proposal}")).ToHaveTextAsync("Update posted.");
        await NoSeriousViolation(desktop, "my session, desktop, en");
        await Shot(desktop, "my-session-desktop-en.png");

        // The update reaches Ann's phone live, with its calendar file.
        var update = card.Locator("[data-testid^='my-session-update-']").First;
        await Expect(update).ToContainTextAsync("Kick-off call on 12 January");
        var download = await phonePage.RunAndWaitForDownloadAsync(() => card.Locator("[data-testid^='my-session-ics-']").First.ClickAsync());
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        Assert.Contains("DTSTART:", ics);
        Assert.Contains("Kick-off call on 12 January", ics);

        // Bob withdraws his fellow-partner consent: he leaves Ann's page without a reload.
        await bobHub.Call("SetMembershipConsents", proposal, new { shareContact = false, sharePartners = false });
        await Expect(card.GetByTestId($"my-session-partner-{bob.Id}")).ToHaveCountAsync(0);

        // Ann withdraws hers on the page: she no longer sees fellow partners, and the owner's page follows.
        await card.GetByTestId($"my-session-share-partners-{proposal}").UncheckAsync();
        await card.GetByTestId($"my-session-consents-save-{proposal}").ClickAsync();
        await Expect(card.GetByTestId($"my-session-reciprocity-{proposal}")).ToBeVisibleAsync();

        // The session closes: the page says so, still answers after a reload, and still takes consents.
        await facilitator.Call("CloseEvent");
        await Expect(phonePage.GetByTestId("my-session-closed")).ToBeVisibleAsync();
        await phonePage.ReloadAsync();
        await Expect(phonePage.Locator("body")).ToHaveAttributeAsync("data-live", "true");
        await Expect(card.GetByTestId($"my-session-owner-{proposal}")).ToContainTextAsync("jan@stad.example");
        await Expect(phonePage.GetByTestId("my-session-closed")).ToBeVisibleAsync();
        await card.GetByTestId($"my-session-share-owner-{proposal}").UncheckAsync();
        await card.GetByTestId($"my-session-consents-save-{proposal}").ClickAsync();
        await Expect(ownerCard.GetByTestId($"my-session-partner-{ann.Id}")).ToHaveCountAsync(0);
        await NoSeriousViolation(phonePage, "my session after closing, phone, nl");
        await Shot(phonePage, "my-session-phone-nl-closed.png");
    }

    [Fact]
    public async Task TheFacilitatorSeesAHeldUpdateWithWhyAndApprovesIt()
    {
        var room = Room.On(Server);
        var jan = await room.Invite("Jan De Smet", "Stad Gent");
        await using var owner = await BoardClient.Connect(Server, jan.Token, "owner");
        await using var facilitator = await BoardClient.Connect(Server, Server.FacilitatorToken, "facilitator");
        var proposal = await room.CreateProposal(owner);
        var ann = await room.Join("Ann Peeters", "Jeugdhuis Ann", "BE", "ann@example.org");
        await using var phone = await BoardClient.Connect(Server, ann.Token, "Ann");
        await phone.Call("JoinProposal", proposal, Membership(shareContact: false, sharePartners: false));
        await facilitator.Call("AddFilterWord", "flubber");
        var held = (await owner.Call("PostProposalUpdate", proposal, new { text = "Bring the flubber to the kick-off" })).Id!.Value;

        var console = await NewDevice(1440, 900);
        await console.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator?lang=en#token={Server.FacilitatorToken}").ToString());
        var row = console.GetByTestId($"held-update-{held}");
        await Expect(row).ToContainTextAsync("Bring the flubber to the kick-off");
        await Expect(console.GetByTestId($"held-update-reason-{held}")).ToContainTextAsync("flubber");
        await console.GetByTestId("held-updates-card").ScrollIntoViewIfNeededAsync();
        await Shot(console, "facilitator-held-update.png");
        await console.GetByTestId($"approve-update-{held}").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(console.GetByTestId("held-updates-empty")).ToBeVisibleAsync();
        await phone.WaitUntil(c => string.Join("\n", c.Raw).Contains("Bring the flubber"), "the approved update on Ann's page");
    }

    [Fact]
    public async Task TheParticipantViewLinksToMySession()
    {
        var room = Room.On(Server);
        var ann = await room.Join("Ann Peeters");
        var page = await NewDevice(390, 844);
        await page.GotoAsync(new Uri(Server.BaseUrl, $"/participant#token={ann.Token}").ToString());
        await page.GetByTestId("my-session-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/my-session$"));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.GetByTestId("my-session-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("my-session-back")).ToHaveAttributeAsync("href", "/participant");
    }

    private static Dictionary<string, object?> Membership(bool shareContact, bool sharePartners)
    {
        var membership = Room.Membership("partner", "We host trainings.", shareContact);
        membership["sharePartners"] = sharePartners;
        return membership;
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
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), "stakeholderhub-my-session");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 5_000, $"{name} looks empty");
    }
}
