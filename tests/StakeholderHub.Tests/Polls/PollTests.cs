using System.Diagnostics;
using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Polls;

/// <summary>
/// A room of 300 answering one poll at once: every vote counts once, in the store, on every phone and on the
/// projector, and the results reach the screens coalesced (at most about ten batches a second).
/// </summary>
public sealed class PollTests : BoardTest
{
    private const int Crowd = 300;

    /// <summary>The whole room joins from the test's one address: more than a real room's address would.</summary>
    protected override Dictionary<string, string?>? Settings => new() { ["Security:JoinBurst"] = "1000" };

    [Fact]
    public async Task ThreeHundredVotesWithinTwoSecondsAgreeInTheStoreOnEveryPhoneAndOnTheProjector()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var poll = (await facilitator.Call("CreatePoll", Input("single", "Which competence area matters most for your city?",
            ["Networking and advocating", "Communicating meaningfully", "Designing programmes", "Something else"]))).Id!.Value;
        await facilitator.Call("OpenPoll", poll);
        await facilitator.Call("ShowPoll", poll);
        var crowd = await Room.Crowd(Crowd);
        BoardClient[] everyone = [.. crowd, facilitator, projector];
        await Room.AllReach(everyone, c => c.Polls.ContainsKey(poll) && c.PollCount(poll, 0) == 0, "the open poll");
        Assert.Equal(poll, projector.Read(c => c.ScreenPollId));
        var batchesBefore = projector.Received.Count(e => e["kind"]!.GetValue<string>() == "poll.results");

        // All 300 sent at once (tests do not time things: the load tool measures; docs/performance.md).
        var clock = Stopwatch.StartNew();
        var acks = await Task.WhenAll(crowd.Select((c, i) => c.Call("VotePoll", poll, Choices(i % 4))));

        Assert.Equal(Crowd, acks.Select(a => a.Version).Distinct().Count());
        Assert.Equal([75L, 75, 75, 75], StoredCounts(poll));
        await Room.AllReach(everyone, c => c.Version >= acks.Max(a => a.Version)
            && Enumerable.Range(0, 4).All(o => c.PollCount(poll, o) == 75), "75 votes on each option");
        var settled = clock.Elapsed;
        var results = projector.Read(c => c.PollResults[poll]);
        Assert.Equal(Crowd, results["voters"]!.GetValue<long>());
        Assert.All(results["percents"]!.AsArray(), p => Assert.Equal(25.0, p!.GetValue<double>()));
        // Coalesced: the projector got at most one results entry per broadcast interval, not one per vote.
        var entries = projector.Received.Count(e => e["kind"]!.GetValue<string>() == "poll.results") - batchesBefore;
        Assert.True(entries <= settled.TotalSeconds * 10 + 2, $"{entries} results entries in {settled.TotalMilliseconds:0} ms");
        Assert.Equal(Crowd, Room.Scalar("SELECT COUNT(*) FROM evidence WHERE action = 'answered_poll' AND subject_id = @poll", new { poll }));
        Assert.All(crowd.Take(8), (c, i) => Assert.Equal(i % 4, c.Read(s => s.PollMine[poll]["choices"]![0]!.GetValue<int>())));

        // A changed vote moves one count from one option to another; the same vote again changes nothing.
        var changed = await crowd[0].Call("VotePoll", poll, Choices(1));
        Assert.Equal([74L, 76, 75, 75], StoredCounts(poll));
        await Room.AllReach(everyone, c => c.Version >= changed.Version && c.PollCount(poll, 0) == 74 && c.PollCount(poll, 1) == 76, "the changed vote");
        var before = Room.Dump();
        await crowd[0].Call("VotePoll", poll, Choices(1));
        Assert.Equal(before, Room.Dump());

        // Closed: no answers, and nothing stored by trying.
        await facilitator.Call("ClosePoll", poll);
        await Room.RefusedWithoutChange(crowd[1], "closed:", "VotePoll", poll, Choices(2));
        Assert.Equal([74L, 76, 75, 75], StoredCounts(poll));

        // Reopened, it takes answers again; a phone that comes now starts from the same numbers.
        await facilitator.Call("OpenPoll", poll);
        await crowd[1].Call("VotePoll", poll, Choices(2));
        await using var late = await BoardClient.Connect(Server, Server.ProjectorToken, "late projector");
        Assert.Equal([74L, 75, 76, 75], Enumerable.Range(0, 4).Select(o => late.PollCount(poll, o)).ToArray());
    }

    [Fact]
    public async Task ResultsShownAfterClosingReachNobodyButTheStaffWhileThePollIsOpen()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var poll = (await facilitator.Call("CreatePoll", Input("rating", "How useful was this pitch?", [], results: "closed"))).Id!.Value;
        await facilitator.Call("OpenPoll", poll);
        var crowd = await Room.Crowd(3);
        var last = await Task.WhenAll(crowd.Select((c, i) => c.Call("VotePoll", poll, Choices(4 - i))));
        await facilitator.WaitUntil(c => c.PollCount(poll, 4) == 1 && c.PollCount(poll, 2) == 1, "the staff's results");
        await projector.WaitForVersion(last.Max(a => a.Version));
        Assert.False(projector.Read(c => c.PollResults.ContainsKey(poll)));
        Assert.All(crowd, c => Assert.False(c.Read(s => s.PollResults.ContainsKey(poll))));

        var closed = await facilitator.Call("ClosePoll", poll);
        await Room.AllReach([.. crowd, projector], c => c.Version >= closed.Version && c.PollCount(poll, 3) == 1, "the results once closed");
    }

    [Fact]
    public async Task MultipleChoiceAndRankingCountAsTheyShould()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var multiple = (await facilitator.Call("CreatePoll", Input("multiple", "Which do you use?", ["Badges", "Portfolios", "Maps"], maxChoices: 2))).Id!.Value;
        var ranking = (await facilitator.Call("CreatePoll", Input("ranking", "Rank the themes", ["Inclusion", "Recognition", "Digital"]))).Id!.Value;
        await facilitator.Call("OpenPoll", multiple);
        await facilitator.Call("OpenPoll", ranking);
        var crowd = await Room.Crowd(2);
        await crowd[0].Call("VotePoll", multiple, Choices(0, 1));
        await crowd[1].Call("VotePoll", multiple, Choices(1));
        await crowd[0].Call("VotePoll", ranking, Choices(1, 0, 2));
        var last = await crowd[1].Call("VotePoll", ranking, Choices(1, 2, 0));

        await facilitator.WaitForVersion(last.Version);
        var m = facilitator.Read(c => c.PollResults[multiple]);
        Assert.Equal("[1,2,0]", m["counts"]!.ToJsonString());
        Assert.Equal("[50,100,0]", m["percents"]!.ToJsonString());
        var r = facilitator.Read(c => c.PollResults[ranking]);
        // Points: 3 for first, 2 for second, 1 for third. Recognition 3+3, Inclusion 2+1, Digital 1+2.
        Assert.Equal("[3,6,3]", r["points"]!.ToJsonString());
        Assert.Equal("[0,2,0]", r["counts"]!.ToJsonString());
    }

    public static object Input(string kind, string question, string[] options, int? maxChoices = null, string results = "live",
        long? proposalId = null, long? agendaItemId = null) =>
        new { kind, question, options, maxChoices, results, proposalId, agendaItemId };

    public static object Choices(params int[] choices) => new { choices };

    public static object Words(params string[] words) => new { words };

    private long[] StoredCounts(long poll)
    {
        using var db = Room.Db();
        var counts = Dapper.SqlMapper.Query<(long Option, long Count)>(db,
            "SELECT option, COUNT(*) FROM poll_choices WHERE poll_id = @poll GROUP BY option", new { poll }).ToDictionary(r => r.Option, r => r.Count);
        return [.. Enumerable.Range(0, 4).Select(o => counts.GetValueOrDefault(o))];
    }
}
