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

    [Fact]
    public async Task APhoneCorrectsItsNameAndDeletesAPracticeLiveAndTheFacilitatorRemovesItAfterConfirming()
    {
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        await using var hub = await Server.Connect(joined.Token);
        var question = await hub.Invoke<Ack>("AskQuestion", new { text = Question, target = new { kind = "room", id = (long?)null }, anonymous = false });
        var practice = await hub.Invoke<Ack>("SharePractice", new { title = "Street corner badges", text = "We hand out badges at the market." });
        await using var room = await BoardClient.Connect(Server, Server.ProjectorToken, "projector");
        await room.WaitUntil(c => c.Questions.ContainsKey(question.Id!.Value) && c.Practices.ContainsKey(practice.Id!.Value), "her question and practice");

        var desk = await NewDevice(1280, 800);
        await desk.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator#token={Server.FacilitatorToken}").ToString());
        var row = desk.GetByTestId("people-list").Locator($"[data-person-id=\"{joined.Person.Id}\"]");
        await Expect(row).ToContainTextAsync("Lotte Vermeulen");

        // My data on her phone: a corrected name, which the room sees at once.
        var phone = await NewDevice(390, 844);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/participant#token={joined.Token}").ToString());
        await phone.GotoAsync(new Uri(Server.BaseUrl, "/my-data").ToString());
        await Expect(phone.GetByTestId("my-data-name")).ToHaveValueAsync("Lotte Vermeulen");
        await phone.GetByTestId("my-data-name").FillAsync("Lotte Peeters");
        await phone.GetByTestId("my-data-organisation").FillAsync("");
        await phone.GetByTestId("my-data-save-profile").ClickAsync();
        await Expect(phone.GetByTestId("my-data-notice")).ToContainTextAsync("organisation");
        await phone.GetByTestId("my-data-organisation").FillAsync("JES Brussel");
        await phone.GetByTestId("my-data-save-profile").ClickAsync();
        await Expect(phone.GetByTestId("my-data-profile")).ToContainTextAsync("Lotte Peeters");
        await room.WaitUntil(c => c.Questions[question.Id!.Value]["askerName"]?.GetValue<string>() == "Lotte Peeters"
            && c.Practices.TryGetValue(practice.Id!.Value, out var shared) && shared["authorName"]?.GetValue<string>() == "Lotte Peeters", "the corrected name");
        await Expect(row).ToContainTextAsync("Lotte Peeters");
        await Expect(row).ToContainTextAsync("JES Brussel");

        // She deletes her practice: it disappears from the room.
        await phone.GetByTestId($"my-data-delete-practice-{practice.Id}").ClickAsync();
        await Expect(phone.GetByTestId("my-data-practices")).Not.ToContainTextAsync("Street corner badges");
        await room.WaitUntil(c => !c.Practices.ContainsKey(practice.Id!.Value), "the practice gone");
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM practices WHERE id = @Id", new { practice.Id }));

        // The facilitator removes her: asked first, cancelled once, then confirmed.
        await row.GetByTestId($"remove-person-{joined.Person.Id}").ClickAsync();
        await Expect(row.GetByTestId($"remove-person-{joined.Person.Id}-confirm")).ToContainTextAsync("Lotte Peeters");
        await row.GetByTestId($"remove-person-{joined.Person.Id}-no").ClickAsync();
        await Expect(row.GetByTestId($"remove-person-{joined.Person.Id}-confirm")).ToBeHiddenAsync();
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM people WHERE erased_at IS NOT NULL"));
        await row.GetByTestId($"remove-person-{joined.Person.Id}").ClickAsync();
        await row.GetByTestId($"remove-person-{joined.Person.Id}-yes").ClickAsync();
        await Expect(row).ToContainTextAsync("(erased)");
        await room.WaitUntil(c => !c.Questions.ContainsKey(question.Id!.Value), "her question gone");
        using var refused = await BoardHttp.Get(Server, joined.Token, "/api/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await Shot(desk.GetByTestId("people-list"), "facilitator-removed-person.png");
    }

    private long Scalar(string sql, object? args = null)
    {
        using var db = Server.Db();
        return Dapper.SqlMapper.ExecuteScalar<long>(db, sql, args);
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
