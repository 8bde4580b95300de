using StakeholderHub.Load;

namespace StakeholderHub.Tests.Load;

/// <summary>
/// The load tool works: a tiny run (tens of clients, a few seconds) against the built hub in its own process, with
/// both baselines. It checks correctness only, never a time: nothing acknowledged is missing from the store, the
/// store holds what the clients were told, and every client caught up with the last version. Its runs start
/// several processes each (hubs, a bare server, with two nodes a redis-server), so they run alone, with the cluster
/// tests: beside the browser tests on a loaded CI machine a node once took more than a minute to start.
/// </summary>
[Collection(StakeholderHub.Tests.Cluster.ClusterCollection.Name)]
public sealed class LoadToolSmokeTests
{
    [Fact]
    public async Task ATinyStormLosesNothingAndEveryClientConverges()
    {
        var settings = BenchSettings.Parse(
        [
            "--participants", "24", "--duration", "3", "--rate", "40", "--proposals", "5",
            "--store-seconds", "1", "--broadcast-seconds", "1",
        ]);
        var lines = new List<string>();

        var report = await Bench.Run(settings, line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }
        });

        var hub = report.Hub;
        Assert.Equal(24, hub.Connected);
        Assert.True(hub.Acknowledged > 0, "the storm acknowledged nothing");
        Assert.Equal(0, hub.Lost);
        Assert.Equal(hub.Acknowledged, hub.InDatabase);
        Assert.True(hub.StoreMatchesClients, string.Join("; ", hub.StoreMismatch));
        Assert.Equal(hub.Clients, hub.Converged);
        Assert.Equal(0, hub.Gaps);
        Assert.Equal(0, hub.Errors);
        Assert.True(report.Correct);
        Assert.NotNull(report.Store);
        Assert.NotNull(report.Broadcast);
        Assert.Equal(24, report.Broadcast.Converged);

        var table = report.Markdown();
        Assert.Contains("| participants connected | 5,000 | 24 of 24 |", table);
        Assert.Contains("acknowledged but not in the database (lost) | 0 | 0 ", table);

        // The ratios beside both baselines, and the targets checked (met or not: no time is asserted).
        var ratios = report.Ratios;
        Assert.NotNull(ratios.AcknowledgedToStore);
        Assert.NotNull(ratios.SeenP99ToBare);
        Assert.NotNull(ratios.PeakMemoryToBare);
        Assert.All(ratios.Targets, target => Assert.NotNull(target.Met));
        Assert.Contains("| lost 0 | 0 |  | met |", table);
        Assert.Contains("Targets met: ", table);
    }

    /// <summary>The ratios are the issue's: hub ÷ baseline, with its targets met or not, and not measured without a baseline.</summary>
    [Fact]
    public void TheRatiosAndTargetsAreTheIssues()
    {
        var report = Report(ackedPerSecond: 1900, storePerSecond: 2000, seenP99: 300, bareP99: 166, peakMiB: 300, barePeakMiB: 213, lost: 0);

        var ratios = report.Ratios;
        Assert.Equal(0.95, ratios.AcknowledgedToStore!.Value, 3);
        Assert.Equal(300 / 166.0, ratios.SeenP99ToBare!.Value, 3);
        Assert.Equal(300 / 213.0, ratios.PeakMemoryToBare!.Value, 3);
        Assert.Equal(new bool?[] { true, true, true, true, true }, ratios.Targets.Select(t => t.Met));
        var table = report.Markdown();
        Assert.Contains("Ratios: acknowledged 0.95×, store 2,000/s; seen p99 1.81×, bare 166 ms; peak memory 1.41×, bare 213 MiB.", table);
        Assert.Contains("Targets met: 5 of 5.", table);

        var slow = Report(ackedPerSecond: 940, storePerSecond: 2000, seenP99: 1992, bareP99: 166, peakMiB: 340, barePeakMiB: 213, lost: 1);
        Assert.Equal(new bool?[] { false, false, false, false, false }, slow.Ratios.Targets.Select(t => t.Met));
        Assert.Contains("| sent → seen p99 ≤ 2 × the bare SignalR baseline's p99 | 1992 ms | 12×, bare 166 ms | not met |", slow.Markdown());
        Assert.Equal("0.47×", BenchRatios.Times(940 / 2000.0));

        var alone = report with { Store = null, Broadcast = null };
        Assert.Equal(new bool?[] { null, true, null, null, true }, alone.Ratios.Targets.Select(t => t.Met));
        Assert.Contains("Targets met: 2 of 5 (3 not measured: no baseline).", alone.Markdown());

        // A median table: the ratios of the medians, and each run's own.
        var median = Summary.Median([report, slow, report]);
        Assert.Equal(3, median.EachRun!.Count);
        Assert.Contains("Each run's ratios, in order: acknowledged ÷ store 0.95×, 0.47×, 0.95×;", median.Markdown());
    }

    /// <summary>Reactions beside the storm are answered, counted apart from the interactions, and lose nothing of the storm.</summary>
    [Fact]
    public async Task ReactionsBesideATinyStormAreAnsweredAndTheStormLosesNothing()
    {
        var settings = BenchSettings.Parse(
        [
            "--participants", "24", "--duration", "3", "--rate", "30", "--proposals", "5", "--reactions", "60", "--no-baselines",
        ]);

        var report = await Bench.Run(settings, _ => { });

        var hub = report.Hub;
        Assert.Equal(60, hub.ReactionsPerSecond);
        Assert.True(hub.ReactionsAnswered >= 150, $"only {hub.ReactionsAnswered} reactions answered");
        Assert.Equal(0, hub.ReactionsRefused);
        Assert.True(report.Correct);
        Assert.Contains("Reactions beside the storm: 60/s asked", report.Markdown());
        var comparison = Summary.CompareReactions(report, report);
        Assert.Contains("| sent → acknowledged, p50 / p99 (ms) |", comparison);
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--compare-reactions"]));
        Assert.True(BenchSettings.Parse(["--pin", "--reactions", "10", "--compare-reactions"]) is { Pin: true, CompareReactions: true, ReactionsPerSecond: 10 });
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--participants", "10", "--rate", "30", "--reactions", "30"]));
    }

    /// <summary>The same tiny storm with the hub on a PostgreSQL database of its own (<c>--postgres</c>).</summary>
    [StakeholderHub.Tests.Data.PostgresFact]
    public async Task ATinyStormOnPostgresLosesNothingAndEveryClientConverges()
    {
        var settings = BenchSettings.Parse(
        [
            "--participants", "24", "--duration", "3", "--rate", "40", "--proposals", "5",
            "--postgres", Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG")!, "--broadcast-seconds", "1",
        ]);

        var report = await Bench.Run(settings, _ => { });

        var hub = report.Hub;
        Assert.Equal(24, hub.Connected);
        Assert.True(hub.Acknowledged > 0, "the storm acknowledged nothing");
        Assert.Equal(0, hub.Lost);
        Assert.Equal(hub.Acknowledged, hub.InDatabase);
        Assert.True(hub.StoreMatchesClients, string.Join("; ", hub.StoreMismatch));
        Assert.Equal(hub.Clients, hub.Converged);
        Assert.True(report.Correct);
        // The store baseline is SQLite's writer: left out. The bare SignalR server has no store: it runs.
        Assert.Null(report.Store);
        Assert.NotNull(report.Broadcast);
        Assert.Null(report.Ratios.AcknowledgedToStore);
        Assert.NotNull(report.Ratios.SeenP99ToBare);
    }

    /// <summary>
    /// Two hub nodes on one PostgreSQL database with the Redis backplane (<c>--nodes 2</c>; redis-server on PATH, as
    /// tests/run.sh installs it for the PostgreSQL pass): participants spread over both, nothing lost, every client on
    /// either node converges, and each node's figures are reported.
    /// </summary>
    [StakeholderHub.Tests.Data.PostgresFact]
    public async Task ATinyStormOnTwoNodesLosesNothingAndEveryClientConverges()
    {
        var settings = BenchSettings.Parse(
        [
            "--participants", "24", "--duration", "3", "--rate", "40", "--proposals", "5", "--no-baselines",
            "--nodes", "2", "--postgres", Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG")!,
        ]);

        var report = await Bench.Run(settings, _ => { });

        var hub = report.Hub;
        Assert.Equal(24, hub.Connected);
        Assert.True(hub.Acknowledged > 0, "the storm acknowledged nothing");
        Assert.Equal(0, hub.Lost);
        Assert.Equal(hub.Acknowledged, hub.InDatabase);
        Assert.True(hub.StoreMatchesClients, string.Join("; ", hub.StoreMismatch));
        Assert.Equal(hub.Clients, hub.Converged);
        Assert.True(report.Correct);
        Assert.Equal(2, report.Nodes);
        Assert.Equal(new[] { 12, 12 }, hub.Nodes!.Select(n => n.Participants));
        Assert.All(hub.Nodes!, node => Assert.True(node.PeakRssBytes > 0));
        Assert.Equal(hub.Nodes!.Sum(n => n.PeakRssBytes), hub.ServerPeakRssBytes);
        Assert.NotNull(hub.Redis);
        var table = report.Markdown();
        Assert.Contains("2 nodes on PostgreSQL with the Redis backplane", table);
        Assert.Contains("| node 2 (127.0.0.1:", table);
    }

    [Fact]
    public void FlagsAreBoundedAndTheRateStaysUnderTheHubsLimit()
    {
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--participants", "5001"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--duration", "601"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--participants", "10", "--rate", "100"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--url", "http://192.0.2.1:5080", "--join-code", "X", "--facilitator-token", "a", "--projector-token", "b", "--db", "c"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--url", "http://127.0.0.1:5080", "--join-code", "X", "--facilitator-token", "a", "--projector-token", "b", "--db", "c", "--postgres", "Host=127.0.0.1"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--nodes", "2"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--nodes", "1", "--postgres", "Host=127.0.0.1"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--nodes", "5", "--postgres", "Host=127.0.0.1"]));
        Assert.Equal(4, BenchSettings.Parse(["--nodes", "4", "--postgres", "Host=127.0.0.1"]).Nodes);
        var full = BenchSettings.Parse(["--full"]);
        Assert.Equal(5000, full.Participants);
        Assert.Equal(2000, full.Rate);
    }

    /// <summary>A report with these figures and nothing else of note: for the ratios, which need no run.</summary>
    private static BenchReport Report(double ackedPerSecond, double storePerSecond, double seenP99, double bareP99, long peakMiB, long barePeakMiB, long lost)
    {
        var none = new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var hub = new HubResult(
            Participants: 1000, Connected: 1000, JoinSeconds: 1, JoinsPerSecond: 1000, JoinLatency: none, ConnectSeconds: 1,
            Rate: 2000, DurationSeconds: 60, Sent: 1000, Deferred: 0, Acknowledged: 1000 - lost, AckedPerSecond: ackedPerSecond,
            Refused: 0, Refusals: [], Errors: 0, InDatabase: 1000 - (2 * lost), Lost: lost, StoreMatchesClients: true, StoreMismatch: [],
            Clients: 1001, Converged: 1001, Dropped: 0, Gaps: 0, AckLatency: none, SeenLatency: new Latency(1000, 100, 200, seenP99, seenP99),
            EveryoneLatency: none, ServerCores: 1, ServerPeakCores: 1, ToolCores: 1, ServerPeakRssBytes: peakMiB * 1048576, SamplePayload: null);
        return new BenchReport(
            "test", "0 0 0", "0 0 0", 1000, 2000, 60, hub, new StoreResult(2000, storePerSecond, 512),
            new BroadcastResult(1000, 100, 8000, new Latency(1000, 50, 80, bareP99, bareP99), 0.5, 0.8, barePeakMiB * 1048576, 1000));
    }
}
