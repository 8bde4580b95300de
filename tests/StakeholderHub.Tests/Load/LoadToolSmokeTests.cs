using StakeholderHub.Load;

namespace StakeholderHub.Tests.Load;

/// <summary>
/// The load tool works: a tiny run (tens of clients, a few seconds) against the built hub in its own process, with
/// both baselines. It checks correctness only, never a time: nothing acknowledged is missing from the store, the
/// store holds what the clients were told, and every client caught up with the last version.
/// </summary>
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
            "--postgres", Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG")!,
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
        Assert.Null(report.Store);
    }

    [Fact]
    public void FlagsAreBoundedAndTheRateStaysUnderTheHubsLimit()
    {
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--participants", "5001"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--duration", "601"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--participants", "10", "--rate", "100"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--url", "http://192.0.2.1:5080", "--join-code", "X", "--facilitator-token", "a", "--projector-token", "b", "--db", "c"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--url", "http://127.0.0.1:5080", "--join-code", "X", "--facilitator-token", "a", "--projector-token", "b", "--db", "c", "--postgres", "Host=127.0.0.1"]));
        var full = BenchSettings.Parse(["--full"]);
        Assert.Equal(5000, full.Participants);
        Assert.Equal(2000, full.Rate);
    }
}
