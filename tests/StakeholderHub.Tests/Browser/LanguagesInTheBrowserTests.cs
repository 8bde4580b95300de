using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StakeholderHub.Badges;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// Every page in each of its languages: hardly any interface text left in English (what people typed, names and
/// codes aside), no serious axe violation, and the server's refusals in the page's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LanguagesInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>
    /// The interface strings a person sees or hears on the page: visible text, the options of visible selects, and
    /// labels, placeholders, titles and alt texts; not what is marked as in another language (the badge's content as
    /// issued, the language switcher's names) and not what is typed into a field.
    /// </summary>
    private const string CollectStrings = """
        () => {
          const lang = document.documentElement.lang;
          const out = new Set();
          const shown = (el) => el.checkVisibility({ visibilityProperty: true });
          const ours = (el) => (el.closest('[lang]')?.getAttribute('lang') ?? lang) === lang;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            const text = node.textContent.trim();
            if (!el || !text || el.closest('script, style, option') || !shown(el) || !ours(el)) continue;
            out.add(text);
          }
          for (const select of document.querySelectorAll('select')) {
            if (!shown(select) || !ours(select)) continue;
            // Country names are names: the same in many languages.
            for (const option of select.options) if (ours(option) && option.text.trim() && !/^[A-Z]{2}$/.test(option.value)) out.add(option.text.trim());
          }
          for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
            if (!shown(el) || !ours(el)) continue;
            for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
              const value = el.getAttribute(name)?.trim();
              if (value) out.add(value);
            }
          }
          return [...out];
        }
        """;

    /// <summary>A session in full swing, and a participant with the badge: every part of every page has something to say.</summary>
    private async Task<Room> Seed()
    {
        var seed = await Seeded.Create(Server);
        var items = (await Server.Snapshot(Server.FacilitatorToken)).Agenda.Items;
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var participant = await Server.Connect(joined.Token);
        await using var stakeholder = await Server.Connect(seed.StakeholderToken);
        await facilitator.Invoke<Ack>("StartAgendaItem", items[1].Id);
        await participant.Invoke<Ack>("UpvoteProposal", seed.ProposalIds[0]);
        await participant.Invoke<Ack>("JoinProposal", seed.ProposalIds[0], new { intent = "co-applicant", note = "We run a badge pilot in Borgerhout.", shareContact = true, email = "lotte@jes.example" });
        var asked = await participant.Invoke<Ack>("AskQuestion", new
        {
            text = "Can partners outside Belgium join the pilot?",
            target = new { kind = "proposal", id = seed.ProposalIds[0] },
            anonymous = false,
            requestId = Guid.NewGuid().ToString(),
        });
        await stakeholder.Invoke<Ack>("AnswerQuestion", asked.Id!.Value, new { text = "Yes: Dutch and German partners are welcome from the start.", live = false });
        await facilitator.Invoke<Ack>("ShowQuestion", asked.Id!.Value);
        await participant.Invoke<Ack>("SharePractice", new { title = "Badges for volunteers", text = "Our youth centre gives a badge for every summer camp volunteer.", requestId = Guid.NewGuid().ToString() });
        await participant.Invoke<Ack>("SaveReflection", new { takeHome = "Cities learn from each other's platforms.", contribute = "" });
        var claimed = await participant.Invoke<Claimed>("ClaimBadge", new { email = "lotte@jes.example" });
        return new Room(seed, joined.Token, new Uri(claimed.Badge.Url).PathAndQuery);
    }

    private sealed record Room(Seeded Seed, string Participant, string BadgePage);

    /// <summary>Each language as a page meets it: asked for with <c>?lang=</c>, or Dutch from a Belgian browser.</summary>
    private static readonly (string Query, string Locale)[] Languages =
    [
        ("?lang=nl", "en-GB"),
        ("?lang=fr", "en-GB"),
        ("?lang=de", "en-GB"),
        ("", "nl-BE"),
    ];

    /// <summary>
    /// One room for every language: each page is read in English once, then in each language against it. What a page
    /// says does not depend on the store, so this runs on the SQLite pass (it would take eight minutes more on PostgreSQL).
    /// </summary>
    [StoreIndependentFact]
    public async Task EveryPageSpeaksEachLanguageWithHardlyAWordOfEnglishAndPassesAxe()
    {
        var room = await Seed();
        await using var _ = room.Seed;
        var moderator = await BoardHttp.Post(Server, Server.FacilitatorToken, "/api/invites", new { name = "Mieke Wouters", organisation = "Stad Gent", role = "moderator" });
        var moderatorToken = HubServer.TokenOf(moderator.GetProperty("link").GetString()!);
        var data = await Data(room);
        var pages = new (string Name, Func<string, string> Path, int Width, int Height)[]
        {
            ("participant", q => $"/participant{q}#token={room.Participant}", 390, 844),
            ("my session", q => $"/my-session{q}#token={room.Participant}", 390, 844),
            ("stakeholder", q => $"/stakeholder{q}#token={room.Seed.StakeholderToken}", 1280, 900),
            ("facilitator", q => $"/facilitator{q}#token={Server.FacilitatorToken}", 1440, 900),
            ("moderator", q => $"/moderator{q}#token={moderatorToken}", 390, 844),
            ("projector", q => $"/projector{q}#token={Server.ProjectorToken}", 1920, 1080),
            ("join", q => $"/join{(q.Length > 0 ? q + "&" : "?")}code={Server.JoinCode}", 390, 844),
            ("landing", q => $"/{q}", 390, 844),
            ("organiser sign-in", q => $"/organiser{q}", 390, 844),
            ("badge page", q => room.BadgePage + q, 390, 844),
        };

        foreach (var (name, path, width, height) in pages)
        {
            // One English browser reads the page in English and then with each ?lang= in turn: the address chooses the
            // language before anything a browser remembers (web/src/i18n), and nothing here chooses with the switcher.
            // A new browser for each cost about 0.7 s more a page on a loaded 2-core machine (a context and a renderer each).
            var device = await NewDevice(width, height, "en-GB");
            var inEnglish = await Ready(device, path("?lang=en"), width, height, "en-GB", "en");
            var english = await Strings(inEnglish, data);
            foreach (var (query, locale) in Languages)
            {
                var language = query.Length > 0 ? query["?lang=".Length..] : "nl";
                // The browser's own language (no ?lang=) on a browser of its own, that never saw another language.
                var page = await Ready(locale == "en-GB" ? device : null, path(query), width, height, locale, language);
                var shown = await Strings(page, data);
                var same = shown.Where(english.Contains).ToList();

                Assert.True(shown.Count >= 5, $"{name} in {language}: only {shown.Count} strings: {string.Join(" | ", shown)}");
                Assert.True(same.Count <= shown.Count / 10.0,
                    $"{name} in {language}: {same.Count} of {shown.Count} strings are the English ones: {string.Join(" | ", same)}");
                await NoSeriousViolation(page, $"{name} in {language}");
                if (page != device)
                {
                    await page.Context.CloseAsync();
                }
            }

            // Pages close when read: a dozen live pages at once would load the machine more than the room does.
            await device.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The page on <paramref name="device"/> (or a new browser), once it says it is live (a live page) and speaks the
    /// expected language.
    /// </summary>
    private async Task<IPage> Ready(IPage? device, string path, int width, int height, string locale, string language)
    {
        var page = device is null ? await Open(Server, path, width, height, locale) : await Open(Server, device, path);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        // The lists fill in after the snapshot; give the last batch its moment.
        await page.WaitForTimeoutAsync(300);
        return page;
    }

    /// <summary>The page's interface strings: without letters, names, codes and what people typed.</summary>
    private static async Task<HashSet<string>> Strings(IPage page, IReadOnlyCollection<string> data)
    {
        var strings = await page.EvaluateAsync<string[]>(CollectStrings);
        var codes = data.Where(value => value.Length < 3).ToHashSet(StringComparer.Ordinal);
        return strings
            .Where(text => !data.Any(value => value.Length >= 3 && text.Contains(value, StringComparison.Ordinal)))
            .Where(text => !data.Any(value => value.StartsWith("http", StringComparison.Ordinal) && value.Contains(text.Trim(), StringComparison.Ordinal)))
            // Codes ("BE, NL") and numbers with a unit ("30 min") are the same in every language.
            .Where(text => Word().Matches(text).Any(word => !codes.Contains(word.Value)))
            .Where(text => !Digit().IsMatch(text) || Letters().Matches(text).Count > 3)
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\p{L}")]
    private static partial Regex Letters();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    /// <summary>What people typed or named in this session, and the names that stay as they are (product, badge, languages).</summary>
    private async Task<List<string>> Data(Room room)
    {
        string[] fields =
        [
            "name", "organisation", "title", "summary", "partnersSought", "text", "note", "presenter", "email", "ownerName",
            "ownerOrganisation", "askerName", "askerOrganisation", "byName", "authorName", "authorOrganisation", "takeHome",
            "contribute", "joinCode", "tags", "countries",
        ];
        var values = new List<string> { "StakeholderHub", "EcoSystem Explorer", "English", "Nederlands", "Français", "Deutsch", "LinkedIn", "PNG", "SVG", "CSV", "JSON" };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/snapshot");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Server.FacilitatorToken);
        using var snapshot = JsonDocument.Parse(await (await Server.Http.SendAsync(request)).Content.ReadAsStringAsync());
        Collect(snapshot.RootElement, null);
        values.Add(Server.JoinCode);
        // The join address the projector shows, broken into its parts (http://, join?, code=).
        values.Add(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        values.Add(room.BadgePage);
        return values.Distinct().ToList();

        void Collect(JsonElement element, string? property)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        Collect(member.Value, member.Name);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, property);
                    }

                    break;
                case JsonValueKind.String when property is not null && fields.Contains(property):
                    values.Add(element.GetString()!);
                    break;
            }
        }
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

    private async Task<IPage> Open(HubServer server, string path, int width = 1280, int height = 800, string locale = "en-GB") =>
        await Open(server, await NewDevice(width, height, locale), path);

    private static async Task<IPage> Open(HubServer server, IPage page, string path)
    {
        await page.GotoAsync(new Uri(server.BaseUrl, path).ToString());
        var status = page.GetByTestId("connection-status");
        if (await status.CountAsync() > 0)
        {
            await Expect(status).ToHaveAttributeAsync("data-state", "live");
        }

        return page;
    }

    [Theory]
    [InlineData("en", "Saved at ", "Belgium and Netherlands")]
    [InlineData("nl", "Bewaard om ", "België en Nederland")]
    [InlineData("fr", "Enregistrée à ", "Belgique et Pays-Bas")]
    [InlineData("de", "Gespeichert um ", "Belgien und Niederlande")]
    public async Task TimesListsAndCountriesFollowThePagesLanguage(string language, string savedAt, string countries)
    {
        await using var seed = await Seeded.Create(Server);
        var joined = await Server.Join("Lotte Vermeulen", "JES vzw", "BE");
        var phone = await Open(Server, $"/participant?lang={language}#token={joined.Token}", 390, 844);

        // The proposal's partner countries (BE, NL) by name, as a list of the language.
        await Expect(phone.GetByTestId($"proposal-{seed.ProposalIds[0]}").Locator(".facts")).ToContainTextAsync(countries);

        // The reflection's time, 24-hour in every language (the room is European).
        await phone.GetByTestId("reflection-take-home").FillAsync("Cities learn from each other.");
        await phone.GetByTestId("reflection-submit").ClickAsync();
        await Expect(phone.GetByTestId("reflection-saved")).ToHaveTextAsync(new Regex($"^{Regex.Escape(savedAt)}([01]\\d|2[0-3]):[0-5]\\d\\.$"));
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
