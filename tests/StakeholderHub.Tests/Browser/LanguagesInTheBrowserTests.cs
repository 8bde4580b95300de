using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// Every page in each of its languages: the server's refusals are shown in the page's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguagesInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private async Task<IPage> Open(HubServer server, string path, int width = 1280, int height = 800, string locale = "en-GB")
    {
        var page = await NewDevice(width, height, locale);
        await page.GotoAsync(new Uri(server.BaseUrl, path).ToString());
        var status = page.GetByTestId("connection-status");
        if (await status.CountAsync() > 0)
        {
            await Expect(status).ToHaveAttributeAsync("data-state", "live");
        }

        return page;
    }

    [Theory]
    [InlineData("nl", "Te veel acties in korte tijd. Wacht even en probeer het opnieuw.")]
    [InlineData("fr", "Trop d’actions en peu de temps. Attendez un instant et réessayez.")]
    public async Task ARateLimitRefusalIsShownInThePagesLanguage(string language, string expected)
    {
        // A budget that runs out after a few calls and hardly refills.
        await using var limited = await HubServer.Start(new() { ["RateLimit:Burst"] = "4", ["RateLimit:PerSecond"] = "0.01" });
        var joined = await limited.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await Open(limited, $"/participant?lang={language}#token={joined.Token}", 390, 844);

        var notice = phone.GetByTestId("ask-notice");
        for (var attempt = 0; attempt < 8 && !(await notice.TextContentAsync() ?? "").Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await phone.GetByTestId("ask-text").FillAsync($"Question {attempt}");
            await phone.GetByTestId("ask-submit").ClickAsync();
            await Expect(phone.GetByTestId("ask-submit")).ToBeEnabledAsync();
        }

        await Expect(notice).ToHaveTextAsync(expected);
    }
}
