using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Events;
using StakeholderHub.Tests.Badges;

namespace StakeholderHub.Tests.Data;

/// <summary>
/// Hubs with data folders of their own on one PostgreSQL database, started at the same instant: one default event,
/// and the same secrets on every node (docs/deploy.md).
/// </summary>
public sealed class SharedKeysTests
{
    [PostgresFact]
    public async Task NodesStartingTogetherOnAnEmptyDatabaseMakeOneDefaultEventAndShareEveryKey()
    {
        // Each round on a fresh database, so the race between the two first starts is run more than once.
        for (var round = 0; round < 4; round++)
        {
            await using var nodes = await Nodes.StartTogether("a", "b");
            var (a, b) = (nodes[0], nodes[1]);

            // One default event, found by both.
            var defaults = await Task.WhenAll(nodes.All.Select(node => node.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(20))));
            Assert.Equal(defaults[0].Event.Id, defaults[1].Event.Id);
            await using (var connection = nodes.Store.Open())
            {
                Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM events"));
                Assert.Equal(
                    ["badge-signing.json", "facilitator.key", "token-signing.key"],
                    connection.Query<string>("SELECT name FROM server_secrets ORDER BY name"));
                // The key ring's first key was made by one node: the other one read it.
                Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM data_protection_keys"));
            }

            // The facilitator key, and a session token made by one node is good on the other.
            Assert.Equal(a.FacilitatorKey, b.FacilitatorKey);
            Assert.Equal(HttpStatusCode.OK, await SnapshotStatus(b, defaults[0].FacilitatorToken));
            Assert.Equal(HttpStatusCode.OK, await SnapshotStatus(a, defaults[1].FacilitatorToken));
            var joined = await a.Http.PostAsJsonAsync("/api/join", new { code = defaults[0].Event.JoinCode, name = "Ana Peeters", organisation = "CAP-City", country = "BE" });
            joined.EnsureSuccessStatusCode();
            var participantToken = (await joined.Content.ReadFromJsonAsync<Joined>(Json.Options))!.Token;
            Assert.Equal(HttpStatusCode.OK, await SnapshotStatus(b, participantToken));
            var forged = participantToken[..(participantToken.IndexOf('.') + 1)] + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
            Assert.Equal(HttpStatusCode.Unauthorized, await SnapshotStatus(b, forged));

            // One badge signing key: the same published key set, and a credential signed on one verifies on the other.
            // (A key's id is its URL under the address the request came to; each test node has its own port.)
            Assert.Equal(await Jwks(a), await Jwks(b));
            var (keysA, keysB) = (a.Services.GetRequiredService<SigningKeys>(), b.Services.GetRequiredService<SigningKeys>());
            Assert.Equal(keysA.KeyId, keysB.KeyId);
            Assert.True(VcJwt.Verify(VcJwt.Sign(BadgeSamples.Credential(keysA.KeyId), keysA), keysB).Valid);

            // One Data Protection key ring: what one node protects, the other unprotects.
            // (The test nodes share a content root, ASP.NET Core's default application name: the hub sets one of its own.)
            Assert.All(nodes.All, node => Assert.Equal("StakeholderHub", node.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator));
            var (protectorA, protectorB) = (a.Protector(), b.Protector());
            Assert.Equal("from a", protectorB.Unprotect(protectorA.Protect("from a")));
            Assert.Equal("from b", protectorA.Unprotect(protectorB.Protect("from b")));

            // None of the secrets was made in a data folder.
            foreach (var node in nodes.All)
            {
                Assert.Empty(Directory.Exists(node.DataPath) ? Directory.GetFileSystemEntries(node.DataPath) : []);
            }
        }
    }

    private static async Task<string> Jwks(Node node) =>
        (await node.Http.GetStringAsync("/.well-known/jwks.json")).Replace(node.Http.BaseAddress!.ToString().TrimEnd('/'), "https://hub.example", StringComparison.Ordinal);

    [PostgresFact]
    public async Task ANodeThatHadKeyFilesOffersThemAndAConfiguredFacilitatorKeyStillWins()
    {
        // Node a ran before the secrets moved into the database: started first, its files become the shared secrets.
        var root = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));
        var tokenKey = RandomNumberGenerator.GetBytes(32);
        var facilitatorKey = RandomNumberGenerator.GetBytes(24);
        Directory.CreateDirectory(Path.Combine(root, "a"));
        File.WriteAllText(Path.Combine(root, "a", "token-signing.key"), Convert.ToBase64String(tokenKey));
        File.WriteAllText(Path.Combine(root, "a", "facilitator.key"), Convert.ToBase64String(facilitatorKey) + "\n");
        var badgeKey = SigningKeys.LoadOrCreate(Path.Combine(root, "a"));

        await using var nodes = await Nodes.StartTogether(root, ("a", null));
        await nodes.Start(("b", null), ("c", "configured-facilitator-key-0123456789"));
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);

        Assert.Equal(WebEncoders.Base64UrlEncode(facilitatorKey), a.FacilitatorKey);
        Assert.Equal(a.FacilitatorKey, b.FacilitatorKey);
        Assert.Equal("configured-facilitator-key-0123456789", c.FacilitatorKey);
        Assert.Equal(badgeKey.KeyId, b.Services.GetRequiredService<SigningKeys>().KeyId);
        await using (var connection = nodes.Store.Open())
        {
            Assert.Equal(Convert.ToBase64String(tokenKey), connection.ExecuteScalar<string>("SELECT value FROM server_secrets WHERE name = 'token-signing.key'"));
        }

        // A token signed with a's old key file is good on b.
        var defaultEvent = await a.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(20));
        var person = long.Parse(defaultEvent.FacilitatorToken[..defaultEvent.FacilitatorToken.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(tokenKey, System.Text.Encoding.ASCII.GetBytes($"person:{person}"))[..16];
        Assert.Equal(HttpStatusCode.OK, await SnapshotStatus(b, $"{person}.{WebEncoders.Base64UrlEncode(signature)}"));
    }

    private static async Task<HttpStatusCode> SnapshotStatus(Node node, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/snapshot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.Http.SendAsync(request);
        return response.StatusCode;
    }

    private sealed record Node(WebApplication App, string DataPath, HttpClient Http)
    {
        public IServiceProvider Services => App.Services;

        public string FacilitatorKey => Services.GetRequiredService<IOptions<HubOptions>>().Value.FacilitatorKey!;

        public IDataProtector Protector() => Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SharedKeysTests");
    }

    /// <summary>Hubs on one fresh PostgreSQL database, each with a data folder of its own, built and started at once.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private readonly string _root;
        private readonly ConcurrentBag<WebApplication> _apps = [];

        private Nodes(string root)
        {
            _root = root;
            Store = TestStore.Create(root);
        }

        public TestStore Store { get; }

        public IReadOnlyList<Node> All { get; private set; } = [];

        public Node this[int index] => All[index];

        public static Task<Nodes> StartTogether(params string[] names) =>
            StartTogether(Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N")), [.. names.Select(name => (name, (string?)null))]);

        public static async Task<Nodes> StartTogether(string root, params (string Name, string? FacilitatorKey)[] nodes)
        {
            var started = new Nodes(root);
            try
            {
                await started.Start(nodes);
                return started;
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }

        /// <summary>More nodes on the same database, started at once.</summary>
        public async Task Start(params (string Name, string? FacilitatorKey)[] nodes)
        {
            // Building runs the migrations and makes the secrets; starting makes the default event: both at once on every node.
            using var go = new ManualResetEventSlim();
            var starts = nodes.Select(node => Task.Run(async () =>
            {
                var dataPath = Path.Combine(_root, node.Name);
                var settings = node.FacilitatorKey is null ? null : new Dictionary<string, string?> { ["Hub:FacilitatorKey"] = node.FacilitatorKey };
                go.Wait();
                var app = HubServer.Build(dataPath, settings, Store);
                _apps.Add(app);
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                return new Node(app, dataPath, new HttpClient { BaseAddress = new Uri(address) });
            })).ToList();
            go.Set();
            All = [.. All, .. await Task.WhenAll(starts)];
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var node in All)
            {
                node.Http.Dispose();
            }

            foreach (var app in _apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            Store.Drop();
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }
}
