using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Tests.Organisers;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The organiser console on a phone (390 px) and a desktop (1440 px), in English and Dutch: sign in, create an event
/// from the Antwerp afternoon, open its facilitator console; a wrong password too often shows the translated 429.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganiserInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "shub-organiser-shots");

    [Theory]
    [InlineData(390, "en")]
    [InlineData(1440, "en")]
    [InlineData(390, "nl")]
    [InlineData(1440, "nl")]
    public async Task AnOrganiserSignsInCreatesAnEventFromAntwerpAndOpensItsConsole(int width, string language)
    {
        var email = $"org-{width}-{language}@example.org";
        await OrganiserClient.Add(Server, email, "Ine Organiser");
        var page = await NewDevice(width, width < 600 ? 844 : 900);
        await page.GotoAsync(new Uri(Server.BaseUrl, $"/organiser?lang={language}").ToString());
        var dutch = language == "nl";
        await Expect(page.GetByTestId("organiser-heading")).ToHaveTextAsync(dutch ? "Organisatorconsole" : "Organiser console");
        await Expect(page.GetByTestId("sign-in-card")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-in-oidc")).ToBeHiddenAsync();

        if (dutch && width < 600)
        {
            // Guessing: wrong passwords are answered, then throttled, in the page's language.
            for (var i = 0; i < 5; i++)
            {
                await SignIn(page, "niemand@example.org", $"geraden wachtwoord {i}");
                await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("Het e-mailadres of het wachtwoord is fout.");
            }

            await SignIn(page, "niemand@example.org", "nog een gok");
            await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("Te veel aanmeldpogingen. Wacht enkele minuten en probeer opnieuw.");
            await Shot(page, $"organiser-throttled-{width}-{language}.png");
        }

        await NoSeriousViolation(page, "sign-in");
        await Shot(page, $"organiser-sign-in-{width}-{language}.png");
        await SignIn(page, email, OrganiserClient.Password);
        await Expect(page.GetByTestId("organiser-me")).ToContainTextAsync(email);

        var title = dutch ? "Antwerpen, tweede editie" : "Antwerp, second edition";
        await Expect(page.GetByTestId("create-template")).ToHaveValueAsync("antwerp-afternoon");
        await page.GetByTestId("create-title").FillAsync(title);
        await page.GetByTestId("create-submit").ClickAsync();
        var live = page.GetByTestId("group-live");
        await Expect(live.GetByTestId("event-title")).ToHaveTextAsync(title);
        await Expect(live.GetByTestId("event-meta")).ToContainTextAsync(dutch ? "0 personen ingecheckt" : "0 people checked in");
        // The new event is a template for the next one.
        await Expect(page.GetByTestId("create-template").Locator("option")).ToHaveCountAsync(3);
        await NoSeriousViolation(page, "console");
        await Shot(page, $"organiser-console-{width}-{language}.png");

        // Deleting asks first; cancelling keeps the event.
        await live.GetByTestId("delete").ClickAsync();
        await Expect(page.GetByTestId("delete-confirm")).ToBeVisibleAsync();
        await NoSeriousViolation(page, "delete confirmation");
        await page.GetByTestId("delete-cancel").ClickAsync();
        await Expect(live.GetByTestId("event-title")).ToHaveTextAsync(title);

        await live.GetByTestId("open-console").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/facilitator$"));
        await Expect(page.GetByTestId("event-title")).ToHaveTextAsync(title);
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        await NoSeriousViolation(page, "facilitator console");
        await Shot(page, $"organiser-facilitator-{width}-{language}.png");
    }

    private static async Task SignIn(IPage page, string email, string password)
    {
        await page.GetByTestId("sign-in-email").FillAsync(email);
        await page.GetByTestId("sign-in-password").FillAsync(password);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-submit")).ToBeEnabledAsync();
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
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }
}
