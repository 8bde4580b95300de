using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class QueueInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task AdvancingTheQueueOnTheFacilitatorPageShowsOnAParticipantsPhone()
    {
        var agenda = (await Server.Snapshot(Server.FacilitatorToken)).Agenda.Items;

        var facilitator = await NewDevice();
        await facilitator.GotoAsync(new Uri(Server.BaseUrl, $"/facilitator#token={Server.FacilitatorToken}").ToString());
        await Expect(facilitator.GetByTestId("connection-status")).ToHaveTextAsync("Live");

        var phone = await NewDevice(360, 740);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await Expect(phone.GetByTestId("event-title")).ToHaveTextAsync(Server.DefaultEvent.Event.Title);
        await phone.Locator("#name").FillAsync("Lotte Vermeulen");
        await phone.Locator("#organisation").FillAsync("JES vzw");
        await phone.Locator("#country").SelectOptionAsync("BE");
        await phone.GetByTestId("join-submit").ClickAsync();
        // A polling assertion: WaitForURLAsync can miss a navigation that finished before it started listening.
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/participant$"));
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");

        await facilitator.GetByTestId("next-item").ClickAsync();
        await Expect(phone.GetByTestId("now-title")).ToHaveTextAsync(agenda[0].Title);
        await Expect(phone.GetByTestId("next-title")).ToHaveTextAsync(agenda[1].Title);
        await Expect(phone.GetByTestId("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(29:[0-5]\d|30:00)$"));

        await facilitator.GetByTestId("next-item").ClickAsync();
        await Expect(phone.GetByTestId("now-title")).ToHaveTextAsync(agenda[1].Title);

        // The participant list on the facilitator page saw the check-in.
        await Expect(facilitator.GetByTestId("people-count")).ToContainTextAsync("1");
    }

    [Fact]
    public async Task AnAgendaTitleThatLooksLikeHtmlIsShownAsTextAndRunsNothing()
    {
        const string title = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var added = await facilitator.Invoke<StakeholderHub.Realtime.Ack>("AddAgendaItem",
            new StakeholderHub.Agenda.AgendaItemInput(title, "<b>Mallory</b>", "", "talk", 5));
        await facilitator.Invoke<StakeholderHub.Realtime.Ack>("StartAgendaItem", added.Id!.Value);

        var phone = await NewDevice(360, 740);
        var joined = await Server.Join();
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/participant#token={joined.Token}").ToString());

        await Expect(phone.GetByTestId("now-title")).ToHaveTextAsync(title);
        await Expect(phone.GetByTestId("now-presenter")).ToContainTextAsync("<b>Mallory</b>");
        Assert.Equal(0, await phone.Locator("[data-testid=now-title] img, [data-testid=agenda-list] img, b").CountAsync());
        Assert.Null(await phone.EvaluateAsync<int?>("() => window.pwned ?? null"));
        // The token left the address bar once the page stored it.
        Assert.DoesNotContain("token", phone.Url);
    }
}
