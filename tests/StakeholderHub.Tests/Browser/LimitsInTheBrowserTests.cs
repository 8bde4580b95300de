using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The forms accept exactly what the server accepts: characters as people see them (an emoji family, a flag, a
/// letter with its accent are one each), counted alike by the page and the server, nothing cut; one too many is
/// refused with the field named in the page's language; the server caps the bytes behind them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LimitsInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>One character each to a person; 11, 4, 2, 4, 14, 1 and 1 UTF-16 units to <c>maxlength</c>.</summary>
    private static readonly string[] Pieces = ["👩‍👩‍👧‍👦", "🇧🇪", "e\u0301", "👍🏽", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "ñ", "a"];

    private static string Text(int characters) =>
        string.Concat(Enumerable.Range(0, characters).Select(i => Pieces[i % Pieces.Length]));

    [Fact]
    public async Task ThePageCountsCharactersAsTheServerDoes()
    {
        var page = await NewDevice();
        await page.GotoAsync(Server.BaseUrl.ToString());
        string[] samples =
        [
            Text(80), "👨🏻‍🤝‍👨🏿 🇺🇦🇧🇪", "a\u0301\u0302\u0303b", "각", "🏳️‍🌈🏳️‍⚧️", "1️⃣#️⃣", "e\u0301\u0301\u0301",
            "😀\u200D😀", "🇧🇪🇳", "👩‍❤️‍💋‍👨", "Zoë Ångström", "ﷺ",
        ];
        foreach (var sample in samples)
        {
            var inBrowser = await Count(page, sample);
            Assert.True(new StringInfo(sample).LengthInTextElements == inBrowser, $"{sample}: server {new StringInfo(sample).LengthInTextElements}, page {inBrowser}");
        }

        // Where they differ: Unicode 15.1 joins an Indic conjunct (क्ष, "kṣa") into one character, and Chromium
        // follows it; .NET 10 does not yet and counts two. The server then counts more, never less: such a text near
        // its limit is refused by the server with the field named, never cut or stored past it.
        Assert.Equal(2, new StringInfo("क्षि").LengthInTextElements);
        Assert.Equal(1, await Count(page, "क्षि"));
    }

    private static Task<int> Count(IPage page, string text) =>
        page.EvaluateAsync<int>("text => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length", text);

    [Fact]
    public async Task EmojiFlagsAndAccentsAtTheLimitAreStoredWholeAndOneMoreIsRefusedWithTheFieldNamed()
    {
        var people = (await Server.Snapshot(Server.FacilitatorToken)).People.Count;
        var phone = await NewDevice(390, 844, "nl-BE");
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());
        await phone.Locator("#organisation").FillAsync("JES vzw");
        await phone.Locator("#country").SelectOptionAsync("BE");

        // The name: one too many is named, counted and refused; nobody joins.
        var name = phone.Locator("#name");
        await name.FillAsync(Text(81));
        await Expect(phone.GetByTestId("name-count")).ToHaveTextAsync("1 teken te veel");
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId("form-error")).ToHaveTextAsync("Je naam: hoogstens 80 tekens (nu 81).");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(people, (await Server.Snapshot(Server.FacilitatorToken)).People.Count);
        Assert.Equal(81, await name.EvaluateAsync<int>("input => [...new Intl.Segmenter().segment(input.value)].length"));

        // Exactly at the limit: in, whole.
        await name.FillAsync(Text(80));
        await phone.GetByTestId("join-submit").ClickAsync();
        await Expect(phone.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
        var token = await Seeded.ParticipantOf(phone);
        Assert.Equal(Text(80), (await Server.Snapshot(token)).Me.Name);

        // A question: the server's refusal, in Dutch, naming the field; then exactly 500.
        await phone.GetByTestId("ask-text").FillAsync(Text(501));
        await Expect(phone.GetByTestId("ask-count")).ToHaveTextAsync("1 teken te veel");
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("ask-notice")).ToHaveTextAsync("De vraag mag hoogstens 500 tekens hebben (nu 501).");
        Assert.Empty((await Server.Snapshot(Server.FacilitatorToken)).Questions);
        await phone.GetByTestId("ask-text").FillAsync(Text(500));
        await phone.GetByTestId("ask-submit").ClickAsync();
        await Expect(phone.GetByTestId("ask-text")).ToHaveValueAsync("");
        Assert.Equal(Text(500), Assert.Single((await Server.Snapshot(Server.FacilitatorToken)).Questions).Text);

        // A practice.
        await phone.GetByTestId("practice-title").FillAsync(Text(120));
        await phone.GetByTestId("practice-text").FillAsync(Text(1501));
        await phone.GetByTestId("practice-submit").ClickAsync();
        await Expect(phone.GetByTestId("practice-notice")).ToHaveTextAsync("De praktijk mag hoogstens 1.500 tekens hebben (nu 1.501).");
        Assert.Empty((await Server.Snapshot(Server.FacilitatorToken)).Practices);
        await phone.GetByTestId("practice-text").FillAsync(Text(1500));
        await phone.GetByTestId("practice-submit").ClickAsync();
        await Expect(phone.GetByTestId("practice-text")).ToHaveValueAsync("");
        var practice = Assert.Single((await Server.Snapshot(Server.FacilitatorToken)).Practices);
        Assert.Equal(Text(120), practice.Title);
        Assert.Equal(Text(1500), practice.Text);

        // A reflection.
        await phone.GetByTestId("reflection-take-home").FillAsync(Text(1501));
        await phone.GetByTestId("reflection-submit").ClickAsync();
        await Expect(phone.GetByTestId("reflection-notice")).ToHaveTextAsync("De reflectie (wat je meeneemt) mag hoogstens 1.500 tekens hebben (nu 1.501).");
        Assert.Null((await Server.Snapshot(token)).Reflection);
        await phone.GetByTestId("reflection-take-home").FillAsync(Text(1500));
        await phone.GetByTestId("reflection-submit").ClickAsync();
        await Expect(phone.GetByTestId("reflection-saved")).ToBeVisibleAsync();
        Assert.Equal(Text(1500), (await Server.Snapshot(token)).Reflection!.TakeHome);
    }

    [Fact]
    public async Task AnEmptyJoinFormNamesEachMissingFieldInThePagesLanguage()
    {
        var phone = await NewDevice(390, 844, "fr-BE");
        await phone.GotoAsync(new Uri(Server.BaseUrl, $"/join?code={Server.JoinCode}").ToString());

        await phone.GetByTestId("join-submit").ClickAsync();

        // The first problem is said at once (role=alert) and the focus goes to its field; each field says its own.
        await Expect(phone.GetByTestId("form-error")).ToHaveTextAsync("Votre nom : à remplir.");
        await Expect(phone.GetByTestId("form-error")).ToHaveAttributeAsync("role", "alert");
        await Expect(phone.Locator("#name")).ToBeFocusedAsync();
        foreach (var (field, message) in new[] { ("name", "Votre nom : à remplir."), ("organisation", "Organisation : à remplir."), ("country", "Pays : à remplir.") })
        {
            var input = phone.Locator($"#{field}");
            await Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(input).ToHaveAccessibleDescriptionAsync(message);
        }

        await Expect(phone.Locator("#email")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await phone.Locator("#name").FillAsync("Camille Dubois");
        await Expect(phone.Locator("#name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task TheServerRefusesACombiningMarkFloodAndDirectionControlsInANameAsInvalid()
    {
        // A body beyond the API's cap never reaches the check.
        var huge = string.Concat(Enumerable.Repeat("a" + new string('\u0301', 5000), 80));
        var response = await Server.Http.PostAsJsonAsync("/api/join", new { code = Server.JoinCode, name = huge, organisation = "CAP-City", country = "BE" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        // Within the cap: 80 characters as a person counts them, 3,280 bytes, more than a name's 3,200.
        var flood = string.Concat(Enumerable.Repeat("a" + new string('\u0301', 20), 80));
        Assert.Equal(80, new StringInfo(flood).LengthInTextElements);

        response = await Server.Http.PostAsJsonAsync("/api/join", new { code = Server.JoinCode, name = flood, organisation = "CAP-City", country = "BE" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("invalid: The name is too large", problem.GetProperty("detail").GetString());

        foreach (var control in new[] { "\u202E", "\u2066", "\u2028" })
        {
            response = await Server.Http.PostAsJsonAsync("/api/join", new { code = Server.JoinCode, name = $"Ana{control}Peeters", organisation = "CAP-City", country = "BE" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("invalid: The name cannot contain line or paragraph separators", problem.GetProperty("detail").GetString());
        }

        Assert.DoesNotContain((await Server.Snapshot(Server.FacilitatorToken)).People, person => person.Name.StartsWith("Ana", StringComparison.Ordinal) || person.Name.Length > 1000);
    }
}
