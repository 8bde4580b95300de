using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StakeholderHub.Organisers;

namespace StakeholderHub.Tests.Organisers;

public sealed class SignInTests
{
    private static async Task<string> Code(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task WrongPasswordsForAnAddressAreAnsweredWith429AfterAFewTries()
    {
        await using var server = await HubServer.Start(new() { ["Organisers:SignInAttemptsPerEmail"] = "3" });
        await OrganiserClient.Add(server, "Ana@Example.org ", "Ana");
        using var client = new OrganiserClient(server);

        for (var i = 0; i < 3; i++)
        {
            var wrong = await client.SignIn("ana@example.org", "not the password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("unauthorized", await Code(wrong));
        }

        var throttled = await client.SignIn("ana@example.org", "not the password again");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("rate_limited", await Code(throttled));
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync());
        // The right password waits too, from any address: guessing cannot go on.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SignIn("ANA@example.org", OrganiserClient.Password)).StatusCode);
        // Another address is not locked out by them.
        await OrganiserClient.Add(server, "ben@example.org", "Ben");
        Assert.Equal(HttpStatusCode.OK, (await client.SignIn("ben@example.org", OrganiserClient.Password)).StatusCode);
    }

    [Fact]
    public async Task OneClientAddressHasALimitedNumberOfSignInsWhateverTheAddress()
    {
        await using var server = await HubServer.Start(new() { ["Organisers:SignInAttemptsPerAddress"] = "4" });
        using var client = new OrganiserClient(server);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignIn($"guess{i}@example.org", "whatever password")).StatusCode);
        }

        var throttled = await client.SignIn("guess9@example.org", "whatever password");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("rate_limited", await Code(throttled));
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheCookieIsHttpOnlyAndSameSiteStrictAndTheApiAnswersProblemsNotRedirects()
    {
        var log = new TestLog();
        await using var server = await HubServer.Start(log: log);
        try
        {
            await CookieChecks(server);
        }
        catch (Exception)
        {
            throw new Xunit.Sdk.XunitException(string.Join("\n", log.AtLeast(Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e + " " + e.Exception)));
        }
    }

    private static async Task CookieChecks(HubServer server)
    {
        await OrganiserClient.Add(server, "ana@example.org", "Ana");

        using var anonymous = new OrganiserClient(server);
        var events = await anonymous.Http.GetAsync("/api/organiser/events");
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal("unauthorized", await Code(events));

        using var client = new OrganiserClient(server);
        var signedIn = await client.SignIn("ana@example.org", OrganiserClient.Password);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await client.Http.GetFromJsonAsync<Organiser>("/api/organiser/me", Json.Options);
        Assert.Equal(new Organiser(me!.Id, "ana@example.org", "Ana"), me);

        // The organiser's cookie is no session token: the hub's API still wants its bearer token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/snapshot")).StatusCode);
        // And a session token is no organiser: the console's API wants the cookie.
        using var facilitator = new HttpRequestMessage(HttpMethod.Get, "/api/organiser/events");
        facilitator.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.FacilitatorToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(facilitator)).StatusCode);

        // Anti-forgery: a POST without the console's header is refused, even with the cookie.
        using var forged = new OrganiserClient(server, requestHeader: false);
        forged.Cookies.Add(server.BaseUrl, client.Cookies.GetCookies(server.BaseUrl));
        var refused = await forged.Http.PostAsJsonAsync("/api/organiser/events", new { title = "Forged", template = "empty" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", await Code(refused));
        Assert.Empty((await client.Events()).Live);

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PostAsync("/api/organiser/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/organiser/me")).StatusCode);
    }

    [Fact]
    public async Task AddingAnOrganiserNeedsTheDeploymentKey()
    {
        await using var server = await HubServer.Start();
        var refused = await server.Http.PostAsJsonAsync("/api/organisers", new { email = "eve@example.org", name = "Eve", password = "a long enough password" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var client = new OrganiserClient(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignIn("eve@example.org", "a long enough password")).StatusCode);
    }

    [Fact]
    public async Task TheAddOrganiserCommandAddsAnAccountThatCanSignIn()
    {
        await using var server = await HubServer.Start();
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OrganiserCommand.Run(server.Services, ["add-organiser", "Chris@Example.org", "Chris"],
            new StringReader("a password from stdin\n"), output, error, passwordFromEnvironment: null);
        Assert.Equal(0, exit);
        Assert.Contains("chris@example.org", output.ToString());

        using var client = new OrganiserClient(server);
        Assert.Equal(HttpStatusCode.OK, (await client.SignIn("chris@example.org", "a password from stdin")).StatusCode);

        // Again for the same address, and with a too short password from the environment: refused, exit code 1.
        Assert.Equal(1, await OrganiserCommand.Run(server.Services, ["add-organiser", "chris@example.org", "Chris"],
            new StringReader(""), output, error, passwordFromEnvironment: "another long password"));
        Assert.Contains("already an organiser", error.ToString());
        Assert.Equal(1, await OrganiserCommand.Run(server.Services, ["add-organiser", "dana@example.org", "Dana"],
            new StringReader(""), output, error, passwordFromEnvironment: "short"));
        Assert.Equal(2, await OrganiserCommand.Run(server.Services, ["add-organiser", "dana@example.org"],
            new StringReader(""), output, error, passwordFromEnvironment: null));
    }

    [Fact]
    public async Task OpenIdConnectIsOffByDefaultAndTheHubStartsWithIt()
    {
        await using (var server = await HubServer.Start())
        {
            var options = await server.Http.GetFromJsonAsync<ConsoleOptions>("/api/organiser/options", Json.Options);
            Assert.False(options!.OpenIdConnect);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/organiser/sign-in/oidc")).StatusCode);
        }

        await using var configured = await HubServer.Start(new()
        {
            ["Organisers:OpenIdConnect:Authority"] = "https://login.example.org/realm",
            ["Organisers:OpenIdConnect:ClientId"] = "stakeholderhub",
            ["Organisers:OpenIdConnect:DisplayName"] = "Sign in with Example",
        });
        var on = await configured.Http.GetFromJsonAsync<ConsoleOptions>("/api/organiser/options", Json.Options);
        Assert.True(on!.OpenIdConnect);
        Assert.Equal("Sign in with Example", on.OpenIdConnectName);
        Assert.Equal(HttpStatusCode.OK, (await configured.Http.GetAsync("/health")).StatusCode);
    }
}
