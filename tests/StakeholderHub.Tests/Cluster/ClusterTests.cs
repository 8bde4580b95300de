using System.Diagnostics;
using Xunit.Abstractions;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// Two hub nodes on one PostgreSQL database and one Redis backplane, behind nginx (deploy/nginx.conf), with clients
/// deliberately on both nodes: what one node's clients do reaches the other's; a node killed (kill -9) during a vote
/// storm loses nothing acknowledged and its clients carry on through the other node; Redis gone for five seconds
/// during a storm leaves every client, once it is back, showing what the database holds.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    // Storms call faster than a person taps; the rate limit is not what these tests are about.
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["RateLimit__Burst"] = "100000",
        ["RateLimit__PerSecond"] = "100000",
        ["Security__JoinBurst"] = "100000",
    };

    [ClusterFact]
    public Task ChangesOnOneNodeReachTheClientsOfTheOther() => Cluster.Run(output, async cluster =>
    {
        var facilitatorNode = await cluster.NodeOf(cluster.FacilitatorToken);
        var projectorNode = await cluster.NodeOf(cluster.ProjectorToken);
        var spread = await cluster.JoinSpread(2);
        cluster.Log($"facilitator on {facilitatorNode}, projector on {projectorNode}");

        var owner = await cluster.Invite("Jan De Smet");
        var ownerClient = await cluster.Connect(owner.Token, $"owner on {await cluster.NodeOf(owner.Token)}");
        var proposal = (await ownerClient.Call("CreateProposal", Room.ProposalInput())).Id!.Value;

        var facilitator = await cluster.Connect(cluster.FacilitatorToken, $"facilitator on {facilitatorNode}");
        var projector = await cluster.Connect(cluster.ProjectorToken, $"projector on {projectorNode}");

        // A participant on the other node than the projector upvotes; the projector shows the new count.
        var upvoterNode = cluster.Other(projectorNode);
        var upvoter = await cluster.Connect(spread[upvoterNode][0].Token, $"upvoter on {upvoterNode}");
        var seen = Stopwatch.StartNew();
        var upvoted = await upvoter.Call("UpvoteProposal", proposal);
        await projector.WaitUntil(c => c.Version >= upvoted.Version && c.Upvotes(proposal) == 1, $"proposal {proposal} with 1 upvote, from {upvoterNode}");
        cluster.Log($"the upvote on {upvoterNode} reached the projector on {projectorNode} in {seen.ElapsedMilliseconds} ms");

        // The facilitator runs the queue; participants on the other node see the item now presenting.
        var audienceNode = cluster.Other(facilitatorNode);
        var audience = new List<BoardClient>();
        foreach (var (someone, index) in spread[audienceNode].Select((s, i) => (s, i)))
        {
            audience.Add(await cluster.Connect(someone.Token, $"participant {index + 1} on {audienceNode}"));
        }

        var (first, second) = facilitator.Read(c => (c.AgendaItemIds[0], c.AgendaItemIds[1]));
        seen.Restart();
        await facilitator.Call("StartAgendaItem", first);
        await Room.AllReach(audience, c => c.CurrentAgendaItemId == first, $"agenda item {first} presenting, started on {facilitatorNode}");
        await facilitator.Call("NextAgendaItem");
        await Room.AllReach(audience, c => c.CurrentAgendaItemId == second, $"agenda item {second} presenting, after Next on {facilitatorNode}");
        cluster.Log($"Start and Next on {facilitatorNode} reached {audience.Count} participants on {audienceNode} in {seen.ElapsedMilliseconds} ms");

        // A question asked on that node is answered by the facilitator on the other one.
        var asker = audience[0];
        var question = (await asker.Call("AskQuestion", Room.QuestionInput("Who pays for the travel?"))).Id!.Value;
        await facilitator.WaitUntil(c => c.Questions.ContainsKey(question), $"question {question}, asked on {audienceNode}");
        const string Answer = "The partners, from the KA2 budget.";
        await facilitator.Call("AnswerQuestion", question, Room.Answer(Answer));
        await Room.AllReach([.. audience, projector], c => c.Questions.TryGetValue(question, out var q) && q["answer"]?["text"]?.GetValue<string>() == Answer,
            $"the answer to question {question}, given on {facilitatorNode}");
        cluster.Log($"a question asked on {audienceNode} was answered from {facilitatorNode}");
    }, Unlimited);

    [ClusterFact]
    public Task ANodeKilledDuringAVoteStormLosesNothingAndItsClientsCarryOnThroughTheOther() => Cluster.Run(output, async cluster =>
    {
        var (voters, proposals, watchers) = await Room40(cluster);
        // The node killed is the one that broadcasts the event: the other one must take the event over and go on
        // from what it had sent, besides taking its clients.
        var victim = await cluster.Broadcaster();
        var survivor = cluster.Other(victim);
        cluster.Log($"{victim} broadcasts the event; it is the one killed");
        var onVictim = voters.Where(v => v.Node == victim).ToList();
        var onSurvivor = voters.Where(v => v.Node == survivor).ToList();

        var storm = Stopwatch.StartNew();
        var storming = VoteStorm.Run(voters, proposals, TimeSpan.FromSeconds(5), seed: 7);
        await Task.Delay(TimeSpan.FromSeconds(2));
        cluster.Kill(victim);
        var killed = Stopwatch.StartNew();
        await Task.WhenAll(onVictim.Select(voter => voter.Client.WaitUntil(c => c.Reconnects >= 1, $"reconnected after {victim} was killed", 30_000)));
        cluster.Log($"the {onVictim.Count} clients of {victim} were connected again {killed.ElapsedMilliseconds} ms after the kill");
        await storming;
        cluster.Log(VoteStorm.Figures(voters, storm));

        Assert.Empty(VoteStorm.AllRefusals(voters));
        await VoteStorm.AssertStoreAgrees(cluster, voters, proposals);
        var settled = Stopwatch.StartNew();
        await VoteStorm.AssertClientsAgree(cluster, [.. voters.Select(v => v.Client), .. watchers], proposals, DateTime.UtcNow.AddSeconds(15));
        cluster.Log($"every client showed the store {settled.ElapsedMilliseconds} ms after the storm");

        // The killed node's clients came back through nginx to the other one, whose clients never left it, and which
        // broadcasts the event now.
        Assert.All(onVictim, voter => Assert.True(voter.Client.Reconnects >= 1, $"{voter.Client.Label} never reconnected"));
        Assert.All(onSurvivor, voter => Assert.Equal(0, voter.Client.Reconnects));
        Assert.Equal(survivor, await cluster.NodeOf(onVictim[0].Person.Token));
        Assert.Equal(survivor, await cluster.Broadcaster());
    }, Unlimited);

    [ClusterFact]
    public Task RedisGoneForFiveSecondsDuringAStormAndBackLeavesEveryClientShowingTheStore() => Cluster.Run(output, async cluster =>
    {
        var (voters, proposals, watchers) = await Room40(cluster);

        var storm = Stopwatch.StartNew();
        var storming = VoteStorm.Run(voters, proposals, TimeSpan.FromSeconds(8.5), seed: 11);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        cluster.Redis.Stop();
        cluster.Log("redis stopped (SIGKILL)");
        await Task.Delay(TimeSpan.FromSeconds(5));
        // What the outage did: how far behind the store the clients fell meanwhile (a figure, not a requirement).
        var stored = await cluster.EventVersion();
        var shown = voters.Select(v => v.Client.Read(c => c.Version)).ToList();
        cluster.Log($"after 5 s without redis the store is at version {stored}; the clients show {shown.Min()} to {shown.Max()}");
        await cluster.Redis.Start();
        var back = DateTime.UtcNow;
        cluster.Log("redis started again on the same port");
        await storming;
        cluster.Log(VoteStorm.Figures(voters, storm));

        Assert.Empty(VoteStorm.AllRefusals(voters));
        await VoteStorm.AssertStoreAgrees(cluster, voters, proposals);
        await VoteStorm.AssertClientsAgree(cluster, [.. voters.Select(v => v.Client), .. watchers], proposals, back.AddSeconds(10));
        cluster.Log($"every client showed the store {(DateTime.UtcNow - back).TotalMilliseconds:0} ms after redis was back");
    }, Unlimited);

    [ClusterFact]
    public Task RedisGoneWhileTheRoomIsQuietAndBackLeavesEveryClientShowingTheStore() => Cluster.Run(output, async cluster =>
    {
        var (voters, proposals, watchers) = await Room40(cluster);

        // The last changes happen while Redis is away and nothing changes after it is back: no later batch shows the
        // clients a gap, so only the broadcasting node's resending and its heartbeat can bring them up to date.
        cluster.Redis.Stop();
        cluster.Log("redis stopped (SIGKILL)");
        foreach (var voter in new[] { voters[0], voters[^1] })
        {
            var answer = await voter.Client.Call("UpvoteProposal", proposals[1]);
            cluster.Log($"{voter.Client.Label} upvoted while redis was away: version {answer.Version}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Redis.Start();
        var back = DateTime.UtcNow;
        cluster.Log("redis started again on the same port");

        await VoteStorm.AssertClientsAgree(cluster, [.. voters.Select(v => v.Client), .. watchers], proposals, back.AddSeconds(10));
        cluster.Log($"every client showed the store {(DateTime.UtcNow - back).TotalMilliseconds:0} ms after redis was back");
    }, Unlimited);

    /// <summary>
    /// 40 participants, 20 on each node, connected through nginx; four proposals (made before they connect, so
    /// they are in every snapshot); the facilitator and the projector watching.
    /// </summary>
    private static async Task<(List<Voter> Voters, List<long> Proposals, List<BoardClient> Watchers)> Room40(Cluster cluster)
    {
        var prepared = Stopwatch.StartNew();
        var spread = await cluster.JoinSpread(20);
        var owner = await cluster.Invite("Jan De Smet");
        var ownerClient = await cluster.Connect(owner.Token, "owner");
        var proposals = new List<long>();
        foreach (var title in new[] { "Open Badges for youth workers", "A city of learning map", "Mentors for newcomers", "Skills passport" })
        {
            proposals.Add((await ownerClient.Call("CreateProposal", Room.ProposalInput(title))).Id!.Value);
        }

        var voters = new List<Voter>();
        foreach (var (node, people) in spread)
        {
            var clients = await Task.WhenAll(people.Select((someone, index) => cluster.Connect(someone.Token, $"participant {index + 1} on {node}")));
            voters.AddRange(clients.Select((client, index) => new Voter(client, people[index], node)));
        }

        List<BoardClient> watchers =
        [
            ownerClient,
            await cluster.Connect(cluster.FacilitatorToken, $"facilitator on {await cluster.NodeOf(cluster.FacilitatorToken)}"),
            await cluster.Connect(cluster.ProjectorToken, $"projector on {await cluster.NodeOf(cluster.ProjectorToken)}"),
        ];
        cluster.Log($"{voters.Count} participants connected ({string.Join(", ", spread.Select(p => $"{p.Value.Count} on {p.Key}"))}), {proposals.Count} proposals, in {prepared.Elapsed.TotalSeconds:0.0} s");
        return (voters, proposals, watchers);
    }
}
