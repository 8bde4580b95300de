using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Security;

/// <summary>Joining has a budget per client address (believed from known proxies only), and API bodies are small.</summary>
public sealed class JoinThrottleTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["Security:JoinBurst"] = "3",
        ["Security:JoinsPerMinute"] = "1",
    };

    [Fact]
    public async Task JoinsPastTheLimitGet429AndStoreNothing()
    {
        var people = Room.Scalar("SELECT COUNT(*) FROM people");
        for (var i = 0; i < 3; i++)
        {
            using var ok = await Join($"Participant {i}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var before = Room.Scalar("SELECT COUNT(*) FROM people");
        Assert.Equal(people + 3, before);
        for (var i = 0; i < 5; i++)
        {
            using var refused = await Join($"Flood {i}");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter is not null, "a refused join says when to try again");
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal("rate_limited", problem["code"]!.GetValue<string>());
        }

        Assert.Equal(before, Room.Scalar("SELECT COUNT(*) FROM people"));

        // Another client behind the same (known, loopback) proxy has a budget of its own.
        using var other = await Join("From another phone", forwardedFor: "198.51.100.23");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // Other requests are not limited.
        using var summary = await Server.Http.GetAsync($"/api/join/{Server.JoinCode}");
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
    }

    [Fact]
    public async Task ABodyLargerThanAnyValidRequestIsRefusedUnread()
    {
        var people = Room.Scalar("SELECT COUNT(*) FROM people");

        // A browser sends a sized body. The client asks first (Expect: 100-continue) and waits for the answer,
        // so the refusal is read before any of the body is sent: a server that refuses unread closes the
        // connection, and a client still uploading would meet a reset instead of the 413.
        using var careful = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = Server.BaseUrl,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(new { code = Server.JoinCode, name = "Big", organisation = new string('x', 100_000), country = "BE" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/join") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;
        using var huge = await careful.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(people, Room.Scalar("SELECT COUNT(*) FROM people"));

        // The largest valid join, every field at its longest in characters that JSON escapes, still fits.
        var longest = new { code = Server.JoinCode, name = new string('é', 80), organisation = new string('"', 120), country = "BE",
            email = new string('a', 64) + "@" + new string('b', 185) + ".org", requestId = new string('\u2028', 64) };
        using var fits = await Server.Http.PostAsJsonAsync("/api/join", longest);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    private async Task<HttpResponseMessage> Join(string name, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/join")
        {
            Content = JsonContent.Create(new { code = Server.JoinCode, name, organisation = "CAP-City", country = "BE" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await Server.Http.SendAsync(request);
    }
}

/// <summary>With a proxy named in the settings, loopback is no longer believed: its forwarded headers change nothing.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task TheHubFollowsForwardedHeadersFromItsKnownProxyOnly()
    {
        await using (var behindLoopback = await HubServer.Start())
        {
            // nginx on the same machine (the default): the public address follows the forwarded scheme and host.
            var issuer = await Issuer(behindLoopback, "https", "hub.example.org");
            Assert.Equal("https://hub.example.org/badges/issuer", issuer);
        }

        await using var elsewhere = await HubServer.Start(new()
        {
            ["Security:KnownProxies"] = "10.9.9.9",
            ["Security:JoinBurst"] = "1",
        });
        Assert.Equal(new Uri(elsewhere.BaseUrl, "badges/issuer").AbsoluteUri, await Issuer(elsewhere, "https", "hub.example.org"));

        // Nor can a client pick the address its joins are counted under.
        using var first = await elsewhere.Http.SendAsync(JoinRequest(elsewhere, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await elsewhere.Http.SendAsync(JoinRequest(elsewhere, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    private static async Task<string> Issuer(HubServer server, string proto, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/badges/issuer");
        request.Headers.Add("X-Forwarded-Proto", proto);
        request.Headers.Add("X-Forwarded-Host", host);
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        using var response = await server.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static HttpRequestMessage JoinRequest(HubServer server, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/join")
        {
            Content = JsonContent.Create(new { code = server.JoinCode, name = "Someone " + forwardedFor, organisation = "CAP-City", country = "BE" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}
