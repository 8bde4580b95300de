using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The four views in a short session: the facilitator, a phone and the projector in three browser contexts; a
/// reload; a phone that goes offline and comes back; nothing loaded from another host.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private readonly List<string> _requests = [];

    /// <summary>A device whose every request is recorded, so a test can check that none left the hub.</summary>
    private async Task<IPage> Device(int width = 1280, int height = 800, string locale = "en-GB")
    {
        var page = await NewDevice(width, height, locale);
        page.Context.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
        return page;
    }

    private async Task<IPage> Open(string path, int width = 1280, int height = 800, string locale = "en-GB", string live = "Live")
    {
        var page = await Device(width, height, locale);
        await page.GotoAsync(new Uri(Server.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveTextAsync(live);
        return page;
    }

    private void NothingFromAnotherHost()
    {
        string[] urls;
        lock (_requests)
        {
            urls = [.. _requests];
        }

        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            var uri = new Uri(url);
            if (uri.Scheme is "data" or "blob")
            {
                continue;
            }

            Assert.True(uri.Authority == Server.BaseUrl.Authority, $"{url} was loaded from another host");
        }
    }

    [Fact]
    public async Task FacilitatorParticipantAndProjectorRunAShortSession()
    {
        await using var seed = await Seeded.Create(Server);
        var items = (await Server.Snapshot(Server.FacilitatorToken)).Agenda.Items;

        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        var projector = await Open($"/projector#token={Server.ProjectorToken}", 1920, 1080);
        var phone = await JoinOnAPhone("Lotte Vermeulen", "JES vzw");

        // The projector shows the join code with a QR code the hub drew itself.
        await Expect(projector.GetByTestId("join-code")).ToHaveTextAsync(Server.JoinCode);
        var qr = projector.GetByTestId("join-qr");
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("src", $"/api/qr/join/{Server.JoinCode}.svg");
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        // The facilitator starts the second item; the phone and the projector follow.
        await facilitator.GetByTestId($"start-item-{items[1].Id}").ClickAsync();
        await Expect(phone.GetByTestId("now-title")).ToHaveTextAsync(items[1].Title);
        await Expect(projector.GetByTestId("now-title")).ToHaveTextAsync(items[1].Title);
        await Expect(projector.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^\d+:\d\d$"));

        // The third proposal has no upvote yet: its bar is empty.
        var target = seed.ProposalIds[2];
        var row = projector.GetByTestId($"board-row-{target}");
        await Expect(row.GetByTestId("board-count")).ToHaveTextAsync("0");
        var before = await row.Locator(".board-fill").EvaluateAsync<string>("fill => fill.style.width");

        // The participant upvotes and joins it, and asks a question about it.
        await phone.GetByTestId($"upvote-{target}").ClickAsync();
        await Expect(phone.GetByTestId($"upvote-{target}")).ToHaveAttributeAsync("aria-pressed", "true");
        await phone.GetByTestId($"join-{target}").ClickAsync();
        await phone.GetByTestId("join-intent").SelectOptionAsync("partner");
        await phone.GetByTestId("join-consent-no").CheckAsync();
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId($"members-count-{target}")).ToHaveTextAsync("1");
        const string question = "Which cities already recognise youth work with Open Badges?";
        await phone.GetByTestId("ask-text").FillAsync(question);
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("ask-notice")).ToContainTextAsync("sent");
        var qid = (await Server.Snapshot(await Seeded.ParticipantOf(phone))).Questions.Single(q => q.Text == question).Id;

        // The facilitator puts it on the screen: within a second the projector shows it, and the bar that moved.
        await Expect(facilitator.GetByTestId($"show-{qid}")).ToBeEnabledAsync();
        await facilitator.GetByTestId($"show-{qid}").ClickAsync();
        var second = new LocatorAssertionsToHaveTextOptions { Timeout = 1000 };
        await Expect(projector.GetByTestId("screen-question-text")).ToHaveTextAsync(question, second);
        await Expect(row.GetByTestId("board-count")).ToHaveTextAsync("1", second);
        await Expect(row.GetByTestId("board-members")).ToContainTextAsync("1", new LocatorAssertionsToContainTextOptions { Timeout = 1000 });
        var after = await row.Locator(".board-fill").EvaluateAsync<string>("fill => fill.style.width");
        Assert.NotEqual(before, after);
        Assert.NotEqual("0%", after);

        // The projector never scrolls.
        Assert.True(await projector.EvaluateAsync<bool>(
            "() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"));
        NothingFromAnotherHost();
    }

    [Fact]
    public async Task AReloadedPhoneIsTheSamePersonWithTheSameState()
    {
        await using var seed = await Seeded.Create(Server);
        var phone = await JoinOnAPhone("Pieter Claes", "Stad Gent");
        var token = await Seeded.ParticipantOf(phone);
        var id = seed.ProposalIds[0];

        await phone.GetByTestId($"upvote-{id}").ClickAsync();
        await Expect(phone.GetByTestId($"upvote-{id}")).ToHaveAttributeAsync("aria-pressed", "true");
        await phone.GetByTestId("ask-text").FillAsync("Is there a budget line for travel?");
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("question-list")).ToContainTextAsync("Is there a budget line for travel?");

        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        Assert.Equal(token, await phone.EvaluateAsync<string>("() => localStorage.getItem('shub.token.participant')"));
        await Expect(phone).ToHaveURLAsync(new Regex("/participant$"));
        await Expect(phone.GetByTestId($"upvote-{id}")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(phone.GetByTestId($"upvote-count-{id}")).ToHaveTextAsync("2");
        var mine = phone.GetByTestId("question-list").Locator("li", new() { HasText = "Is there a budget line for travel?" });
        await Expect(mine.GetByTestId("question-mine")).ToBeVisibleAsync();

        // One person, one upvote, one question on the server.
        var snapshot = await Server.Snapshot(Server.FacilitatorToken);
        Assert.Single(snapshot.People, p => p.Name == "Pieter Claes");
        Assert.Equal(2, snapshot.Proposals.Single(p => p.Id == id).Upvotes);
        Assert.Single(snapshot.Questions, q => q.Text == "Is there a budget line for travel?");
    }

    [Fact]
    public async Task APhoneThatGoesOfflineSaysWhatWasNotSentAndCatchesUpWhenItIsBack()
    {
        await using var seed = await Seeded.Create(Server);
        var items = (await Server.Snapshot(Server.FacilitatorToken)).Agenda.Items;
        var phone = await JoinOnAPhone("Sara El Amrani", "Ligo");
        var token = await Seeded.ParticipantOf(phone);
        var banner = phone.GetByTestId("connection-banner");
        await Expect(banner).ToBeHiddenAsync();

        await phone.Context.SetOfflineAsync(true);
        // The page drops its connection as soon as the browser says it is offline, and says so.
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Offline");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("not sent");

        // Meanwhile the room moves on.
        await using var facilitatorHub = await Server.Connect(Server.FacilitatorToken);
        await facilitatorHub.Invoke<Ack>("StartAgendaItem", items[2].Id);
        await using (var third = await Server.Connect((await Server.Join("Eva Janssens", "Stad Leuven")).Token))
        {
            await third.Invoke<Ack>("UpvoteProposal", seed.ProposalIds[1]);
        }

        var asked = await seed.Other.Invoke<Ack>("AskQuestion", new
        {
            text = "Who keeps the badges after the project ends?",
            target = new { kind = "room", id = (long?)null },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        await facilitatorHub.Invoke<Ack>("AnswerQuestion", asked.Id!.Value, new { text = "The learners do: badges are theirs.", live = false });

        // An upvote tried offline is shown as not sent; a question tried offline too, and keeps its text.
        var upvote = phone.GetByTestId($"upvote-{seed.ProposalIds[2]}");
        await upvote.ClickAsync();
        await Expect(phone.GetByTestId("board-notice")).ToContainTextAsync("Not sent");
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "false");
        await phone.GetByTestId("ask-text").FillAsync("Can we join later?");
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("ask-notice")).ToContainTextAsync("Not sent");
        await Expect(phone.GetByTestId("ask-text")).ToHaveValueAsync("Can we join later?");

        await phone.Context.SetOfflineAsync(false);
        await Expect(phone.GetByTestId("connection-status")).ToHaveTextAsync("Live", new() { Timeout = 15_000 });
        await Expect(banner).ToBeHiddenAsync();

        // Everything that happened meanwhile is on the phone.
        await Expect(phone.GetByTestId("now-title")).ToHaveTextAsync(items[2].Title);
        await Expect(phone.GetByTestId($"upvote-count-{seed.ProposalIds[1]}")).ToHaveTextAsync("2");
        var answered = phone.GetByTestId($"question-{asked.Id}");
        await Expect(answered.GetByTestId("question-answer")).ToHaveTextAsync("The learners do: badges are theirs.");

        // Nothing tried offline reached the server.
        var mine = await Server.Snapshot(token);
        Assert.Equal(0, mine.Proposals.Single(p => p.Id == seed.ProposalIds[2]).Upvotes);
        Assert.DoesNotContain(mine.Questions, q => q.Text == "Can we join later?");

        // Sent again once live, the question arrives once.
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("question-list")).ToContainTextAsync("Can we join later?");
        Assert.Single((await Server.Snapshot(Server.FacilitatorToken)).Questions, q => q.Text == "Can we join later?");
    }

    [Fact]
    public async Task TheInviteLinkAndItsQrCodeOpenTheStakeholderView()
    {
        var facilitator = await Open($"/facilitator#token={Server.FacilitatorToken}", 1440, 900);
        await Expect(facilitator.GetByTestId("join-qr")).ToBeVisibleAsync();

        await facilitator.GetByTestId("invite-name").FillAsync("Katrien De Smet");
        await facilitator.GetByTestId("invite-organisation").FillAsync("Stad Antwerpen");
        await facilitator.GetByTestId("invite-submit").ClickAsync();
        var link = facilitator.GetByTestId("invite-link");
        await Expect(link).ToHaveValueAsync(new Regex("/stakeholder#token="));
        var qr = facilitator.GetByTestId("invite-qr");
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("alt", "QR code of the personal link for Katrien De Smet");
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        var first = await link.InputValueAsync();

        // Later, from the participant list: the same link and code again.
        await facilitator.GetByTestId("invite-name").FillAsync("Someone Else");
        await facilitator.GetByTestId("invite-submit").ClickAsync();
        await Expect(link).Not.ToHaveValueAsync(first);
        var id = (await Server.Snapshot(Server.FacilitatorToken)).People.Single(p => p.Name == "Katrien De Smet").Id;
        await facilitator.GetByTestId($"invite-again-{id}").ClickAsync();
        await Expect(link).ToHaveValueAsync(first);
        await Expect(qr).ToHaveAttributeAsync("alt", "QR code of the personal link for Katrien De Smet");

        var stakeholder = await Open(new Uri(first).PathAndQuery + new Uri(first).Fragment);
        await Expect(stakeholder.GetByTestId("my-proposal-list")).ToBeVisibleAsync();
        await Expect(stakeholder.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        NothingFromAnotherHost();
    }

    /// <summary>Joins through the join page on a 390 px phone; answers the page once it is live.</summary>
    private async Task<IPage> JoinOnAPhone(string name, string organisation, string locale = "en-GB")
    {
        var phone = await Device(390, 844, locale);
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await Expect(phone.GetByTestId("event-title")).ToHaveTextAsync(Server.DefaultEvent.Event.Title);
        await phone.Locator("#name").FillAsync(name);
        await phone.Locator("#organisation").FillAsync(organisation);
        await phone.Locator("#country").SelectOptionAsync("BE");
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("/participant$"));
        await Expect(phone.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        return phone;
    }
}

/// <summary>
/// A session with content: a stakeholder with three proposals, another participant who upvoted the first two,
/// and a published question. Dispose it (it holds hub connections) before the server stops.
/// </summary>
public sealed class Seeded : IAsyncDisposable
{
    private readonly List<TestClient> _clients = [];

    private Seeded(HubServer server) => Server = server;

    public HubServer Server { get; }

    public long StakeholderId { get; private set; }

    public string StakeholderToken { get; private set; } = "";

    public List<long> ProposalIds { get; } = [];

    public long QuestionId { get; private set; }

    /// <summary>A participant other than the ones the test drives.</summary>
    public TestClient Other { get; private set; } = null!;

    public static readonly string[] Titles =
    [
        "Open Badges for youth workers in Antwerp and Rotterdam",
        "A shared map of learning opportunities for newcomers",
        "Recognising volunteering in sports clubs",
    ];

    public static async Task<Seeded> Create(HubServer server)
    {
        var seeded = new Seeded(server);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites"))
        {
            request.Content = JsonContent.Create(new { name = "Katrien De Smet", organisation = "Stad Antwerpen" });
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.FacilitatorToken);
            var response = await server.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var invited = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seeded.StakeholderId = invited.RootElement.GetProperty("person").GetProperty("id").GetInt64();
            seeded.StakeholderToken = HubServer.TokenOf(invited.RootElement.GetProperty("link").GetString()!);
        }

        var stakeholder = await seeded.Connect(seeded.StakeholderToken);
        string[] summaries =
        [
            "Youth workers learn a lot on the job; badges make it visible to employers. Looking for two more cities.",
            "One map of courses, language cafés and volunteering, fed by the cities' own platforms.",
            "Clubs issue badges for coaching and organising; the city counts them for its volunteer award.",
        ];
        string[][] themes = [["recognition", "youth-participation"], ["inclusion", "digital"], ["recognition"]];
        for (var i = 0; i < Titles.Length; i++)
        {
            var created = await stakeholder.Invoke<Ack>("CreateProposal", new
            {
                title = Titles[i],
                summary = summaries[i],
                partnersSought = "Cities of Learning and youth organisations",
                countries = new[] { "BE", "NL" },
                themes = themes[i],
                tags = new[] { "badges" },
                agendaItemId = (long?)null,
                requestId = Guid.NewGuid().ToString(),
            });
            seeded.ProposalIds.Add(created.Id!.Value);
        }

        var other = await server.Join("Jonas Wouters", "CODEC", "NL");
        seeded.Other = await seeded.Connect(other.Token);
        await seeded.Other.Invoke<Ack>("UpvoteProposal", seeded.ProposalIds[0]);
        await seeded.Other.Invoke<Ack>("UpvoteProposal", seeded.ProposalIds[1]);
        var asked = await stakeholder.Invoke<Ack>("AskQuestion", new
        {
            text = "What would make you join a proposal today?",
            target = new { kind = "room", id = (long?)null },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        seeded.QuestionId = asked.Id!.Value;
        return seeded;
    }

    /// <summary>The participant token a page stored.</summary>
    public static Task<string> ParticipantOf(IPage page) =>
        page.EvaluateAsync<string>("() => localStorage.getItem('shub.token.participant')");

    private async Task<TestClient> Connect(string token)
    {
        var client = await Server.Connect(token);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
