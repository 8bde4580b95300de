using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.SignalR;
using Xunit.Sdk;

namespace StakeholderHub.Tests.Cluster;

/// <summary>A participant in a vote storm: its client, the node its token landed on, and what it was told.</summary>
public sealed class Voter(BoardClient client, Someone person, HubNode node)
{
    public BoardClient Client { get; } = client;

    public Someone Person { get; } = person;

    /// <summary>The node the participant was connected to when the storm began.</summary>
    public HubNode Node { get; } = node;

    /// <summary>By proposal: the state of the last upvote or withdrawal the hub acknowledged (true: upvoted).</summary>
    public Dictionary<long, bool> Acknowledged { get; } = [];

    public int Calls { get; set; }

    /// <summary>Calls that got no answer (the connection dropped, or no answer in time) and were sent again.</summary>
    public int Unanswered { get; set; }

    public List<string> Refusals { get; } = [];
}

/// <summary>
/// Participants upvoting and withdrawing upvotes on a few proposals, each one call after another with short pauses,
/// as fast as a room taps. A call without an answer (its node died, the connection dropped) is sent again once the
/// client is connected again, until it is answered: upvotes and withdrawals set state, so a retry of one that went
/// through changes nothing (docs/protocol.md).
/// </summary>
public static class VoteStorm
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Storms for <paramref name="duration"/>; every call begun is answered before this returns (or it fails).</summary>
    public static async Task Run(IReadOnlyList<Voter> voters, IReadOnlyList<long> proposals, TimeSpan duration, int seed)
    {
        var until = DateTime.UtcNow + duration;
        // A call still unanswered this long after the storm is a failure, not a wait.
        var giveUp = until + TimeSpan.FromSeconds(45);
        await Task.WhenAll(voters.Select((voter, index) => Task.Run(async () =>
        {
            var random = new Random(seed + index);
            while (DateTime.UtcNow < until)
            {
                var proposal = proposals[random.Next(proposals.Count)];
                var upvote = !voter.Acknowledged.GetValueOrDefault(proposal);
                await CallUntilAnswered(voter, upvote ? "UpvoteProposal" : "WithdrawProposalUpvote", proposal, giveUp);
                voter.Acknowledged[proposal] = upvote;
                await Task.Delay(random.Next(10, 60));
            }
        })));
    }

    private static async Task CallUntilAnswered(Voter voter, string method, long proposal, DateTime giveUp)
    {
        voter.Calls++;
        while (true)
        {
            await WaitConnected(voter.Client, giveUp);
            try
            {
                using var timeout = new CancellationTokenSource(CallTimeout);
                await voter.Client.Connection.InvokeCoreAsync<JsonElement>(method, [proposal], timeout.Token);
                return;
            }
            catch (HubException refused)
            {
                // An answer: refused, nothing changed. None is expected in a storm; the test lists them.
                voter.Refusals.Add($"{method}({proposal}): {refused.Message}");
                if (voter.Refusals.Count > 20)
                {
                    throw new XunitException($"{voter.Client.Label} is refused again and again: {string.Join(" | ", voter.Refusals.Take(5))}");
                }

                await Task.Delay(100);
            }
            catch (Exception) when (DateTime.UtcNow < giveUp)
            {
                // No answer: the connection closed under the call, or it was not connected, or no answer in time.
                voter.Unanswered++;
                await Task.Delay(20);
            }
        }
    }

    private static async Task WaitConnected(BoardClient client, DateTime giveUp)
    {
        while (client.Connection.State != HubConnectionState.Connected)
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new XunitException($"{client.Label} did not get connected again (state {client.Connection.State}, {client.Reconnects} reconnects)");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// What the database holds after the storm agrees with what the hub acknowledged: each (participant, proposal)'s
    /// last acknowledged state is its row in proposal_votes (or its absence), each proposal's upvote counter is the
    /// COUNT(*) of its votes, and no vote was counted twice (a participant's evidence for a proposal alternates
    /// upvote, withdrawal, upvote, …, ending in an upvote exactly when the vote is there).
    /// </summary>
    public static async Task AssertStoreAgrees(Cluster cluster, IReadOnlyList<Voter> voters, IReadOnlyList<long> proposals)
    {
        await using var db = cluster.Db();
        var votes = (await db.QueryAsync<(long ProposalId, long PersonId)>(
            "SELECT proposal_id, person_id FROM proposal_votes WHERE proposal_id = ANY(@Proposals)", new { Proposals = proposals.ToArray() })).ToHashSet();
        var problems = new List<string>();
        foreach (var voter in voters)
        {
            foreach (var proposal in proposals)
            {
                var told = voter.Acknowledged.GetValueOrDefault(proposal);
                var stored = votes.Contains((proposal, voter.Person.Id));
                if (told != stored)
                {
                    problems.Add($"{voter.Client.Label} (person {voter.Person.Id}, {voter.Node}) was last told {(told ? "upvoted" : "not upvoted")} on proposal {proposal}, the store says {(stored ? "upvoted" : "not upvoted")}");
                }
            }
        }

        var counters = await db.QueryAsync<(long Id, long Upvotes, long Votes)>(
            "SELECT p.id, p.upvotes, (SELECT COUNT(*) FROM proposal_votes v WHERE v.proposal_id = p.id) FROM proposals p WHERE p.id = ANY(@Proposals)",
            new { Proposals = proposals.ToArray() });
        problems.AddRange(counters.Where(c => c.Upvotes != c.Votes).Select(c => $"proposal {c.Id}: upvotes = {c.Upvotes} but it has {c.Votes} votes"));

        var evidence = await db.QueryAsync<(long PersonId, long SubjectId, string Action)>(
            "SELECT person_id, subject_id, action FROM evidence WHERE subject_kind = 'proposal' AND action IN ('upvoted_proposal', 'withdrew_proposal_upvote') AND subject_id = ANY(@Proposals) ORDER BY id",
            new { Proposals = proposals.ToArray() });
        foreach (var trail in evidence.GroupBy(e => (e.PersonId, e.SubjectId)))
        {
            var expected = "upvoted_proposal";
            foreach (var entry in trail)
            {
                if (entry.Action != expected)
                {
                    problems.Add($"person {trail.Key.PersonId}, proposal {trail.Key.SubjectId}: {entry.Action} where {expected} was due (counted twice): {string.Join(", ", trail.Select(t => t.Action))}");
                    break;
                }

                expected = expected == "upvoted_proposal" ? "withdrew_proposal_upvote" : "upvoted_proposal";
            }

            var upvotedAtTheEnd = trail.Last().Action == "upvoted_proposal";
            if (upvotedAtTheEnd != votes.Contains((trail.Key.SubjectId, trail.Key.PersonId)))
            {
                problems.Add($"person {trail.Key.PersonId}, proposal {trail.Key.SubjectId}: the evidence ends in {trail.Last().Action} but the vote is {(upvotedAtTheEnd ? "missing" : "there")}");
            }
        }

        if (problems.Count > 0)
        {
            throw new XunitException($"The store disagrees with what was acknowledged ({problems.Count}):\n" + string.Join("\n", problems.Take(40)));
        }
    }

    /// <summary>
    /// Every client reaches the database's version of the event and shows the database's upvote counts, by
    /// <paramref name="deadline"/>; the message names the clients that did not, with what they show.
    /// </summary>
    public static async Task AssertClientsAgree(Cluster cluster, IReadOnlyList<BoardClient> clients, IReadOnlyList<long> proposals, DateTime deadline)
    {
        Dictionary<long, long> counts;
        long version;
        await using (var db = cluster.Db())
        {
            counts = (await db.QueryAsync<(long Id, long Upvotes)>("SELECT id, upvotes FROM proposals WHERE id = ANY(@Proposals)", new { Proposals = proposals.ToArray() }))
                .ToDictionary(row => row.Id, row => row.Upvotes);
            version = await db.ExecuteScalarAsync<long>("SELECT version FROM events WHERE id = @EventId", new { cluster.EventId });
        }

        bool Agrees(BoardClient client) => client.Version == version && proposals.All(p => client.Upvotes(p) == counts[p]);
        while (DateTime.UtcNow < deadline && !clients.All(client => client.Read(Agrees)))
        {
            await Task.Delay(25);
        }

        var behind = clients.Where(client => !client.Read(Agrees)).ToList();
        if (behind.Count > 0)
        {
            var text = new StringBuilder($"{behind.Count} of {clients.Count} clients do not show the store (version {version}, upvotes {Show(counts, proposals)}):\n");
            foreach (var client in behind.Take(20))
            {
                var (clientVersion, shown, state, reconnects, syncs) = client.Read(c =>
                    (c.Version, proposals.ToDictionary(p => p, p => c.Upvotes(p)), c.Connection.State, c.Reconnects, c.Syncs));
                text.AppendLine($"  {client.Label}: version {clientVersion}, upvotes {Show(shown, proposals)}, {state}, {reconnects} reconnects, {syncs} syncs");
            }

            throw new XunitException(text.ToString());
        }
    }

    private static string Show(Dictionary<long, long> counts, IReadOnlyList<long> proposals) =>
        string.Join(" ", proposals.Select(p => $"#{p}={counts[p]}"));

    /// <summary>The storm's figures for the test output.</summary>
    public static string Figures(IReadOnlyList<Voter> voters, Stopwatch storm) =>
        $"{voters.Sum(v => v.Calls)} calls acknowledged in {storm.Elapsed.TotalSeconds:0.0} s by {voters.Count} participants, "
        + $"{voters.Sum(v => v.Unanswered)} sent again after no answer, {voters.Sum(v => v.Refusals.Count)} refused, "
        + $"{voters.Sum(v => v.Client.Reconnects)} reconnects";

    public static ConcurrentBag<string> AllRefusals(IReadOnlyList<Voter> voters) => [.. voters.SelectMany(v => v.Refusals)];
}
