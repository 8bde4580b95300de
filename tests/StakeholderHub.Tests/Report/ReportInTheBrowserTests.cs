using System.Text;
using Microsoft.Playwright;
using StakeholderHub.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Report;

/// <summary>
/// The facilitator opens the session report after a scripted session: its charts are drawn (a bar per figure), follow
/// a new check-in live, pass axe at 1440 and 390 px, print to a PDF of several A4 pages without the buttons, and speak
/// Dutch, French and German. Screenshots (and the PDF) go to STAKEHOLDERHUB_SCREENSHOTS or a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;

    private async Task<IPage> Open(string path, int width, int height)
    {
        var page = await NewDevice(width, height);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.GetByTestId("report-body")).ToHaveAttributeAsync("aria-busy", "false");
        return page;
    }

    private static ILocator Bars(IPage page, string chart) => page.GetByTestId($"{chart}-svg").Locator("rect.bar");

    [Fact]
    public async Task TheFacilitatorReadsTheReportLiveAndPrintsIt()
    {
        var room = Room.On(Server);
        var session = await ReportSession.Script(room);
        try
        {
            var report = await ReportSession.Report(Server);
            var buckets = report.GetProperty("checkIns").GetProperty("overTime").GetArrayLength();

            // The console links to the report.
            var console = await NewDevice(1440, 900);
            await console.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator#token={Server.FacilitatorToken}").ToString());
            await Expect(console.GetByTestId("open-report")).ToHaveAttributeAsync("href", "/report");
            await Expect(console.GetByTestId("open-report")).ToHaveTextAsync("Session report");

            var page = await Open($"/report#token={Server.FacilitatorToken}", 1440, 900);
            await Expect(page.GetByTestId("event-title")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("report-state")).ToContainTextAsync("Live");
            await Expect(Bars(page, "chart-checkins")).ToHaveCountAsync(buckets);
            // Four countries, and the erased participant without one.
            await Expect(Bars(page, "chart-countries")).ToHaveCountAsync(5);
            await Expect(page.GetByTestId("chart-countries-svg")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("Belgium 2"));
            await Expect(Bars(page, "chart-upvotes")).ToHaveCountAsync(2);
            await Expect(Bars(page, "chart-joins")).ToHaveCountAsync(2);
            await Expect(Bars(page, "chart-questions")).ToHaveCountAsync(4);
            await Expect(Bars(page, $"chart-poll-{session.Poll}")).ToHaveCountAsync(3);
            // Checked in, the rule's four steps, eligible, issued.
            await Expect(Bars(page, "chart-badges")).ToHaveCountAsync(7);
            await Expect(page.GetByTestId("chart-badges-svg")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("Badge issued 1"));
            await Expect(page.GetByTestId("report-proposal-table").Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("report-proposal-table").Locator("tbody tr").First).ToContainTextAsync("Open Badges for youth workers");
            var shown = await page.GetByTestId("report-body").InnerTextAsync();
            Assert.DoesNotContain(ReportSession.AnonymousAsker, shown);
            Assert.DoesNotContain("Is a legal entity required?", shown);

            // A new check-in from France reaches the report while it is open.
            await room.Join("Chloé Martin", "Ville de Lyon", "FR");
            await Expect(Bars(page, "chart-countries")).ToHaveCountAsync(6);
            await Expect(page.GetByTestId("report-summary-numbers")).ToContainTextAsync("7");

            await Shot(page, "report-1440.png", fullPage: true);
            await NoSeriousViolation(page, "the report at 1440 px");
            // The figures under a chart, unfolded, pass too.
            await page.GetByTestId("chart-checkins").Locator("xpath=following-sibling::details[1]/summary").ClickAsync();
            await NoSeriousViolation(page, "the report at 1440 px, figures unfolded");

            var phone = await Open($"/report#token={Server.FacilitatorToken}", 390, 844);
            await Expect(Bars(phone, "chart-countries")).ToHaveCountAsync(6);
            await Shot(phone, "report-390.png", fullPage: true);
            await NoSeriousViolation(phone, "the report at 390 px");
            var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "the report fits 390 px without scrolling sideways");

            // Printed: no buttons, a PDF of several A4 pages (a section a page).
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Expect(page.GetByTestId("report-print")).ToBeHiddenAsync();
            await Expect(page.Locator("header.topbar")).ToBeHiddenAsync();
            await Shot(page, "report-print.png", fullPage: true);
            var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Path.Combine(Folder, "report.pdf") });
            Assert.True(pdf.Length > 20_000, $"the PDF has {pdf.Length} bytes");
            Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
            var pages = System.Text.RegularExpressions.Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
            Assert.InRange(pages, 5, 20);
        }
        finally
        {
            foreach (var client in session.Clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("nl", "Sessieverslag", "Aanmeldingen")]
    [InlineData("fr", "Rapport de session", "Arrivées")]
    [InlineData("de", "Sitzungsbericht", "Anmeldungen")]
    public async Task TheReportSpeaksTheLanguage(string language, string title, string checkIns)
    {
        await using var participant = await Server.Connect((await Server.Join("Zoë Janssens", "Jeugddienst", "BE")).Token);

        var page = await Open($"/report?lang={language}#token={Server.FacilitatorToken}", 1280, 900);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByTestId("report-subtitle")).ToHaveTextAsync(title);
        await Expect(page.GetByTestId("report-checkins").Locator("h2")).ToHaveTextAsync(checkIns);
        var english = new[] { "Session report", "Check-ins", "Proposals ranked", "Badge progress", "Print or save as PDF", "The figures", "Not answered" };
        var text = await page.Locator("body").InnerTextAsync();
        Assert.All(english, phrase => Assert.DoesNotContain(phrase, text));
        await NoSeriousViolation(page, $"the report in {language}");
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

    private static async Task Shot(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(Folder);
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }
}
