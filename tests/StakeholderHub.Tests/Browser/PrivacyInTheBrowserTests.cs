using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The join page's privacy notice, and a phone that opens My data, downloads it, deletes its question (the projector
/// drops it) and erases itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrivacyInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Question = "Can a city without a platform still issue badges?";

    [Fact]
    public async Task APhoneReadsTheNoticeDownloadsItsDataDeletesItsQuestionAndErasesItself()
    {
        var desktop = await NewDevice(1280, 800);
        await desktop.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await Expect(desktop.GetByTestId("privacy-notice")).ToContainTextAsync("Your data");
        await Shot(desktop.GetByTestId("privacy-notice"), "join-privacy-desktop.png");

        var phone = await NewDevice(390, 844);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}&lang=nl").ToString());
        await Expect(phone.GetByTestId("privacy-notice")).ToContainTextAsync("Jouw gegevens");
        await Expect(phone.GetByTestId("privacy-my-data")).ToHaveAttributeAsync("href", "/my-data");
        await Expect(phone.GetByTestId("join-badge-email")).Not.ToBeCheckedAsync();
        await Shot(phone.GetByTestId("privacy-notice"), "join-privacy-phone-nl.png");
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}&lang=en").ToString());
        await phone.Locator("#name").FillAsync("Lotte Vermeulen");
        await phone.Locator("#organisation").FillAsync("JES vzw");
        await phone.Locator("#country").SelectOptionAsync("BE");
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/participant$"));
        var token = await Seeded.ParticipantOf(phone);

        // Her question on the projector.
        await using var hub = await Server.Connect(token);
        var asked = await hub.Invoke<Ack>("AskQuestion", new { text = Question, target = new { kind = "room", id = (long?)null }, anonymous = true });
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await facilitator.Invoke<Ack>("ShowQuestion", asked.Id);
        var projector = await NewDevice(1280, 720);
        await projector.GotoAsync(new Uri(Server.BaseUrl, $"/projector#token={Server.ProjectorToken}").ToString());
        await Expect(projector.GetByTestId("screen-question-text")).ToHaveTextAsync(Question);

        // My data, from her view.
        await phone.GetByTestId("my-data-link").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/my-data$"));
        await Expect(phone.GetByTestId("my-data-profile")).ToContainTextAsync("Lotte Vermeulen");
        await Expect(phone.GetByTestId("my-data-questions")).ToContainTextAsync($"{Question} (anonymous)");
        await Shot(phone.Locator("main"), "my-data-phone.png");
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.GetByTestId("my-data-download").ClickAsync());
        var json = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("Lotte Vermeulen", json, StringComparison.Ordinal);
        Assert.Contains(Question, json, StringComparison.Ordinal);

        await phone.GetByTestId($"my-data-delete-question-{asked.Id}").ClickAsync();
        await Expect(phone.GetByTestId("my-data-questions")).Not.ToContainTextAsync(Question);
        await Expect(projector.GetByTestId("screen-question-text")).ToBeHiddenAsync();

        var wide = await NewDevice(1280, 800);
        await wide.GotoAsync(new Uri(Server.BaseUrl, $"/participant#token={token}").ToString());
        await wide.GotoAsync(new Uri(Server.BaseUrl, "/my-data").ToString());
        await Expect(wide.GetByTestId("my-data-profile")).ToContainTextAsync("Lotte Vermeulen");
        await Shot(wide.Locator("main"), "my-data-desktop.png");

        // Erase: the button waits for the explicit yes.
        await Expect(phone.GetByTestId("my-data-erase")).ToBeDisabledAsync();
        await phone.GetByTestId("my-data-erase-sure").CheckAsync();
        await phone.GetByTestId("my-data-erase").ClickAsync();
        await Expect(phone.GetByTestId("my-data-notice")).ToContainTextAsync("You were erased");
        await Expect(phone.GetByTestId("my-data")).ToBeHiddenAsync();
        using var refused = await BoardHttp.Get(Server, token, "/api/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task Shot(ILocator part, string name)
    {
        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;
        Directory.CreateDirectory(folder);
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name), Animations = ScreenshotAnimations.Disabled });
    }
}
