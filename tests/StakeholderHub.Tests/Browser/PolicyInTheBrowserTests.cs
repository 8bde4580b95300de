using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Tests.Badges;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// Every page works under the Content-Security-Policy (BrowserTest fails any browser test on a violation), and the
/// check does see a violation when there is one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private readonly Chromium _chromium = chromium;

    [Fact]
    public async Task TheLandingPageTheJoinPageAndTheBadgePageWorkUnderThePolicy()
    {
        // A room of its own (the badge needs a participant who earned it); its pages are closed before it stops.
        await using var room = await Room.Start();
        var server = room.Server;
        var (badge, _) = await BadgeFlow.Issue(room, server);
        var page = await NewDevice();

        // Each page's script ran under the policy: what it fills in shows (waiting for the network to be idle timed out
        // once on a loaded machine, with nothing to show why).
        await page.GotoAsync(new Uri(server.BaseUrl, "/").ToString());
        await Expect(page.GetByTestId("index-join")).ToHaveTextAsync(new Regex(@"\S"));
        await page.GotoAsync(new Uri(server.BaseUrl, $"/join?code={server.JoinCode}").ToString());
        // The event's name, fetched for the code in the address.
        await Expect(page.GetByTestId("event-title")).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(server.BaseUrl, $"/badges/{badge}").ToString());
        // Styled by its own style sheet: the status pill has its colours.
        var pill = page.GetByTestId("badge-status");
        await Expect(pill).ToHaveTextAsync("Valid");
        Assert.Equal("rgb(216, 240, 220)", await pill.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await page.GetByTestId("verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToHaveAttributeAsync("data-status", "valid");

        Assert.Empty(_chromium.CspViolations(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnInlineScriptOrAForeignImageIsAViolationTheCheckSees()
    {
        var page = await _chromium.NewDevice();
        try
        {
            await page.GotoAsync(new Uri(Server.BaseUrl, "/").ToString());
            await page.EvaluateAsync("""
                () => {
                    const script = document.createElement('script');
                    script.textContent = 'window.__inline = 1';
                    document.body.append(script);
                    const img = document.createElement('img');
                    img.src = 'http://203.0.113.9/x.png';
                    document.body.append(img);
                }
                """);
            await page.WaitForTimeoutAsync(300);

            Assert.Null(await page.EvaluateAsync<int?>("() => window.__inline ?? null"));
            var violations = _chromium.CspViolations(page);
            Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.Contains("img-src", StringComparison.Ordinal));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
