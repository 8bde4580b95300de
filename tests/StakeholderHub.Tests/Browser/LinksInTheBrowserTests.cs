using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The facilitator gives a stakeholder, the projector and their own console a new link after asking first: the page
/// open with the old link says at once that it is not valid, the new link opens the same person, and the console goes
/// on with its new link. At a phone's width and a desktop's, in English and Dutch, with axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LinksInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task ALeakedLinkIsReplacedAndThePageWithTheOldOneStops()
    {
        var invited = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/invites", new { name = "Jan De Smet", organisation = "Stad Antwerpen" });
        var janId = invited.GetProperty("person").GetProperty("id").GetInt64();
        var oldLink = invited.GetProperty("link").GetString()!;

        var jan = await NewDevice(390, 844);
        await jan.GotoAsync(oldLink);
        await Expect(jan.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");

        var desk = await NewDevice(1280, 800);
        await desk.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator#token={Server.FacilitatorToken}").ToString());
        var row = desk.GetByTestId("people-list").Locator($"[data-person-id=\"{janId}\"]");
        await Expect(row).ToContainTextAsync("Jan De Smet");

        // Asked first; "no" changes nothing.
        await row.GetByTestId($"new-link-{janId}").ClickAsync();
        await Expect(row.GetByTestId($"new-link-{janId}-confirm")).ToContainTextAsync("Give Jan De Smet a new link?");
        await NoSeriousViolation(desk, "the facilitator asking before a new link");
        await row.GetByTestId($"new-link-{janId}-no").ClickAsync();
        await Expect(row.GetByTestId($"new-link-{janId}")).ToBeFocusedAsync();
        Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(Server, HubServer.TokenOf(oldLink), "/api/snapshot")).StatusCode);

        await row.GetByTestId($"new-link-{janId}").ClickAsync();
        await row.GetByTestId($"new-link-{janId}-yes").ClickAsync();
        await Expect(desk.GetByTestId("invite-link")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"/stakeholder#token={janId}\\.1\\."));
        var newLink = await desk.GetByTestId("invite-link").InputValueAsync();
        await Expect(desk.GetByTestId("invite-qr")).ToBeVisibleAsync();

        // Jan's open page stops; the new link opens Jan.
        await Expect(jan.GetByTestId("link-invalid")).ToBeVisibleAsync();
        await Shot(jan, "link-replaced-phone.png");
        await jan.GotoAsync(newLink);
        await jan.ReloadAsync();
        await Expect(jan.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(jan.GetByTestId("link-invalid")).ToHaveCountAsync(0);

        // The projector: its screen goes dark, the console shows the new link, which works.
        var screen = await NewDevice(1280, 720);
        await screen.GotoAsync(new Uri(Server.BaseUrl, $"/projector#token={Server.ProjectorToken}").ToString());
        await Expect(screen.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        var before = await desk.GetByTestId("projector-link").InputValueAsync();
        await desk.GetByTestId("new-projector-link").ClickAsync();
        await desk.GetByTestId("new-projector-link-yes").ClickAsync();
        await Expect(desk.GetByTestId("projector-link")).Not.ToHaveValueAsync(before);
        await Expect(screen.GetByTestId("link-invalid")).ToBeVisibleAsync();
        await screen.GotoAsync(await desk.GetByTestId("projector-link").InputValueAsync());
        await screen.ReloadAsync();
        await Expect(screen.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");

        // This console's own link: the page goes on with the new one; the old one is refused.
        await desk.GetByTestId("new-console-link").ClickAsync();
        await desk.GetByTestId("new-console-link-yes").ClickAsync();
        await desk.WaitForFunctionAsync("() => (localStorage.getItem('shub.token.facilitator') ?? '').split('.').length === 3");
        await Expect(desk.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(desk.GetByTestId("link-invalid")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(Server, Server.FacilitatorToken, "/api/snapshot")).StatusCode);
    }

    [Fact]
    public async Task TheControlsReadInDutchAndFitAPhone()
    {
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await NewDevice(390, 844, "nl-BE");
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator?lang=nl#token={Server.FacilitatorToken}").ToString());
        var row = phone.GetByTestId("people-list").Locator($"[data-person-id=\"{joined.Person.Id}\"]");
        await Expect(row.GetByTestId($"new-link-{joined.Person.Id}")).ToHaveTextAsync("Nieuwe link");
        await row.GetByTestId($"new-link-{joined.Person.Id}").ClickAsync();
        await Expect(row.GetByTestId($"new-link-{joined.Person.Id}-confirm")).ToContainTextAsync("Lotte Vermeulen een nieuwe link geven?");
        await Expect(phone.GetByTestId("new-projector-link")).ToHaveTextAsync("Nieuwe projectorlink");
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page is wider than the phone");
        await NoSeriousViolation(phone, "the Dutch console at 390 px asking before a new link");
        await Shot(phone, "link-confirm-phone-nl.png", row);
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

    private static async Task Shot(IPage page, string name, ILocator? part = null)
    {
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;
        Directory.CreateDirectory(folder);
        if (part is not null)
        {
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name), Animations = ScreenshotAnimations.Disabled });
        }
        else
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), Animations = ScreenshotAnimations.Disabled });
        }
    }
}
