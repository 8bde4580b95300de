using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// Two nodes: a link given again on one node, and a person erased on one node, stop on the other node too. Each node
/// kept the person in memory (both served them before); the other node learns of the change from the store's
/// notification, refuses the old link over HTTP and closes the open connection it has with it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRevocationTests(ITestOutputHelper output)
{
    [ClusterFact]
    public Task ALinkGivenAgainOrAPersonErasedOnOneNodeStopsOnTheOther() => Cluster.Run(output, async cluster =>
    {
        using var onA = new HttpClient { BaseAddress = cluster.A.BaseUrl };
        using var onB = new HttpClient { BaseAddress = cluster.B.BaseUrl };
        var jan = await cluster.Invite("Jan De Smet");
        var bram = await cluster.Join("Bram Claes");

        // Both nodes serve both people (so both keep them in memory), and each has an open connection of each.
        var open = new List<(string Who, HubNode Node, BoardClient Client)>();
        foreach (var (node, http) in new[] { (cluster.A, onA), (cluster.B, onB) })
        {
            foreach (var someone in new[] { jan, bram })
            {
                Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(http, someone.Token, "/api/snapshot")).StatusCode);
                open.Add((someone.Name, node, await BoardClient.Connect(node.BaseUrl, http, someone.Token, $"{someone.Name} on {node}")));
            }
        }

        try
        {
            // Jan's new link, made on A.
            var renewed = await BoardHttp.Post(onA, cluster.FacilitatorToken, $"/api/people/{jan.Id}/link", new { });
            var answered = Stopwatch.StartNew();
            var newToken = HubServer.TokenOf(renewed.GetProperty("link").GetString()!);
            Assert.Equal(HttpStatusCode.Unauthorized, (await BoardHttp.Get(onA, jan.Token, "/api/snapshot")).StatusCode);
            var refusedAfter = await RefusedOn(onB, jan.Token);
            cluster.Log($"Jan's old link was refused on {cluster.B} {refusedAfter.TotalMilliseconds:0} ms after {cluster.A} answered");
            foreach (var (who, node, client) in open.Where(o => o.Who == jan.Name))
            {
                await Closed(client, $"{who}'s old connection on {node}");
            }

            cluster.Log($"Jan's old connections on both nodes were closed {answered.ElapsedMilliseconds} ms after the answer");
            Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(onB, newToken, "/api/snapshot")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(onA, newToken, "/api/snapshot")).StatusCode);

            // The projector's and a moderator's new links, made on B: A refuses the old ones and closes their connections.
            var moderatorInvite = await BoardHttp.Post(onA, cluster.FacilitatorToken, "/api/invites", new { name = "Mieke Moderator", organisation = "Stad Gent", role = "moderator" });
            var moderator = HubServer.TokenOf(moderatorInvite.GetProperty("link").GetString()!);
            var moderatorId = moderatorInvite.GetProperty("person").GetProperty("id").GetInt64();
            var staff = new List<(string Token, BoardClient Client)>();
            foreach (var token in new[] { moderator, cluster.ProjectorToken })
            {
                Assert.Equal(HttpStatusCode.OK, (await BoardHttp.Get(onA, token, "/api/snapshot")).StatusCode);
                staff.Add((token, await BoardClient.Connect(cluster.A.BaseUrl, onA, token, "staff on A")));
            }

            await BoardHttp.Post(onB, cluster.FacilitatorToken, $"/api/people/{moderatorId}/link", new { });
            await BoardHttp.Post(onB, cluster.FacilitatorToken, "/api/projector/link", new { });
            foreach (var (token, client) in staff)
            {
                refusedAfter = await RefusedOn(onA, token);
                cluster.Log($"an old staff link was refused on {cluster.A} {refusedAfter.TotalMilliseconds:0} ms after {cluster.B} gave a new one");
                await Closed(client, "a staff connection with an old link on A");
                await client.DisposeAsync();
            }

            // Bram erased on B: A refuses his link and closes his connection.
            await BoardHttp.Post(onB, cluster.FacilitatorToken, $"/api/people/{bram.Id}/erase", new { });
            refusedAfter = await RefusedOn(onA, bram.Token);
            cluster.Log($"Bram's link was refused on {cluster.A} {refusedAfter.TotalMilliseconds:0} ms after {cluster.B} erased him");
            foreach (var (who, node, client) in open.Where(o => o.Who == bram.Name))
            {
                await Closed(client, $"{who}'s connection on {node}");
            }
        }
        finally
        {
            foreach (var (_, _, client) in open)
            {
                await client.DisposeAsync();
            }
        }
    });

    /// <summary>How long after now the node refuses the token (it hears of the change from PostgreSQL: measured in tens of milliseconds; a loaded machine gets three seconds).</summary>
    private static async Task<TimeSpan> RefusedOn(HttpClient node, string token)
    {
        var waited = Stopwatch.StartNew();
        while ((await BoardHttp.Get(node, token, "/api/snapshot")).StatusCode != HttpStatusCode.Unauthorized)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(3))
            {
                throw new XunitException("The other node still accepted the revoked link three seconds after the change.");
            }

            await Task.Delay(5);
        }

        return waited.Elapsed;
    }

    private static async Task Closed(BoardClient client, string what)
    {
        var waited = Stopwatch.StartNew();
        while (client.Connection.State == HubConnectionState.Connected)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new XunitException($"{what} is still open.");
            }

            await Task.Delay(10);
        }
    }
}
