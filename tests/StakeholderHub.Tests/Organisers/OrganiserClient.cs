using System.Net;
using System.Net.Http.Json;
using StakeholderHub.Events;
using StakeholderHub.Organisers;

namespace StakeholderHub.Tests.Organisers;

/// <summary>A browser-like client of the organiser console: it keeps the cookie and sends the console's request header.</summary>
public sealed class OrganiserClient : IDisposable
{
    private readonly HubServer _server;

    public OrganiserClient(HubServer server, bool requestHeader = true)
    {
        _server = server;
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = server.BaseUrl };
        if (requestHeader)
        {
            Http.DefaultRequestHeaders.Add(OrganiserSetup.RequestHeader, "1");
        }
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Adds an organiser with the deployment's key, as the first one is added over HTTP.</summary>
    public static async Task<Organiser> Add(HubServer server, string email, string name, string password = Password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/organisers") { Content = JsonContent.Create(new { email, name, password }) };
        request.Headers.Add("X-Facilitator-Key", server.FacilitatorKey);
        var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Organiser>(Json.Options))!;
    }

    public const string Password = "correct horse battery";

    /// <summary>A signed-in client of a new organiser.</summary>
    public static async Task<OrganiserClient> SignedIn(HubServer server, string email, string name)
    {
        await Add(server, email, name);
        var client = new OrganiserClient(server);
        var response = await client.SignIn(email, Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    public Task<HttpResponseMessage> SignIn(string email, string password) =>
        Http.PostAsJsonAsync("/api/organiser/sign-in", new { email, password });

    public async Task<OrganiserEvents> Events()
    {
        var response = await Http.GetAsync("/api/organiser/events");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrganiserEvents>(Json.Options))!;
    }

    public async Task<CreatedEvent> Create(string title, string template, DateTimeOffset? startsAt = null)
    {
        var response = await Http.PostAsJsonAsync("/api/organiser/events", new { title, template, startsAt });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CreatedEvent>(Json.Options))!;
    }

    public Task<HttpResponseMessage> Links(long eventId) => Http.PostAsync($"/api/organiser/events/{eventId}/links", null);

    public async Task<string> FacilitatorToken(long eventId)
    {
        var response = await Links(eventId);
        response.EnsureSuccessStatusCode();
        return HubServer.TokenOf((await response.Content.ReadFromJsonAsync<CreatedEvent>(Json.Options))!.Links.Facilitator);
    }

    public void Dispose() => Http.Dispose();
}
