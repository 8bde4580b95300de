using Microsoft.Playwright;
using StakeholderHub.Tests.Browser;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// The pages themselves through nginx in front of two nodes: a browser's hub connection negotiates with the token in
/// a header and opens its WebSocket with it in the address, and both must reach the same node (deploy/nginx.conf).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterInTheBrowserTests(ITestOutputHelper output)
{
    [ClusterFact]
    public Task APhoneOnOneNodeUpvotesAndTheProjectorOnTheOtherShowsIt() => Cluster.Run(output, async cluster =>
    {
        var projectorNode = await cluster.NodeOf(cluster.ProjectorToken);
        var phoneNode = cluster.Other(projectorNode);
        var participant = (await cluster.JoinSpread(1))[phoneNode][0];
        var owner = await cluster.Connect((await cluster.Invite("Jan De Smet")).Token, "owner");
        const string Title = "Open Badges for youth workers";
        var id = (await owner.Call("CreateProposal", Room.ProposalInput(Title))).Id!.Value;
        cluster.Log($"the phone's token lands on {phoneNode}, the projector's on {projectorNode}");

        var chromium = new Chromium();
        await chromium.InitializeAsync();
        try
        {
            var projector = await Open(chromium, cluster, $"projector#token={cluster.ProjectorToken}", 1920, 1080);
            var phone = await Open(chromium, cluster, $"participant#token={participant.Token}", 390, 844);

            var upvote = phone.GetByTestId($"upvote-{id}");
            await upvote.ClickAsync();
            await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
            var row = projector.GetByTestId("board").GetByTestId($"board-row-{id}");
            await Expect(row.GetByTestId("board-title")).ToHaveTextAsync(Title);
            await Expect(row.GetByTestId("board-count")).ToHaveTextAsync("1");
            cluster.Log($"the upvote on the phone ({phoneNode}) is on the projector's page ({projectorNode})");

            // Each page's hub connection is on its token's node: the upvote went through the phone's node.
            await using var db = cluster.Db();
            await db.OpenAsync();
            Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
                "SELECT COUNT(*) FROM proposal_votes WHERE proposal_id = @Id AND person_id = @PersonId", new { Id = id, PersonId = participant.Id }));
            Assert.Equal(2, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
                "SELECT COUNT(DISTINCT node_id) FROM connections WHERE person_id = ANY(@People)", new { People = new[] { participant.Id, ProjectorId(cluster) } }));
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    });

    private static async Task<IPage> Open(Chromium chromium, Cluster cluster, string path, int width, int height)
    {
        var page = await chromium.NewDevice(width, height);
        await page.GotoAsync(new Uri(cluster.BaseUrl, path).ToString());
        await Expect(page.GetByTestId("connection-status")).ToHaveTextAsync("Live");
        return page;
    }

    private static long ProjectorId(Cluster cluster) => long.Parse(cluster.ProjectorToken.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
}
