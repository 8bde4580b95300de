using System.Text.Json;

namespace StakeholderHub.Load;

/// <summary>
/// Several runs as one table: each figure is the median of that figure over the runs, taken figure by figure;
/// what was lost, refused or failed is the worst run's, so a single bad run is never hidden by the others.
/// </summary>
public static class Summary
{
    public static BenchReport Median(IReadOnlyList<BenchReport> runs)
    {
        if (runs.Count == 1)
        {
            return runs[0];
        }

        var hubs = runs.Select(r => r.Hub).ToList();
        double M(Func<HubResult, double> f) => Med(hubs.Select(f));
        long L(Func<HubResult, long> f) => (long)Math.Round(Med(hubs.Select(h => (double)f(h))));
        int I(Func<HubResult, int> f) => (int)Math.Round(Med(hubs.Select(h => (double)f(h))));
        Latency Lat(Func<HubResult, Latency> f) => MedLatency(hubs.Select(f).ToList());
        var worstStore = hubs.FirstOrDefault(h => !h.StoreMatchesClients);
        var hub = new HubResult(
            Participants: hubs[0].Participants,
            Connected: I(h => h.Connected),
            JoinSeconds: M(h => h.JoinSeconds),
            JoinsPerSecond: M(h => h.JoinsPerSecond),
            JoinLatency: Lat(h => h.JoinLatency),
            ConnectSeconds: M(h => h.ConnectSeconds),
            Rate: hubs[0].Rate,
            DurationSeconds: hubs[0].DurationSeconds,
            Sent: L(h => h.Sent),
            Deferred: L(h => h.Deferred),
            Acknowledged: L(h => h.Acknowledged),
            AckedPerSecond: M(h => h.AckedPerSecond),
            Refused: hubs.Max(h => h.Refused),
            Refusals: hubs.SelectMany(h => h.Refusals).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value)),
            Errors: hubs.Max(h => h.Errors),
            InDatabase: L(h => h.InDatabase),
            Lost: hubs.Max(h => h.Lost),
            StoreMatchesClients: worstStore is null,
            StoreMismatch: worstStore?.StoreMismatch ?? [],
            Clients: hubs[0].Clients,
            Converged: hubs.Min(h => h.Converged),
            Dropped: hubs.Max(h => h.Dropped),
            Gaps: hubs.Max(h => h.Gaps),
            AckLatency: Lat(h => h.AckLatency),
            SeenLatency: Lat(h => h.SeenLatency),
            EveryoneLatency: Lat(h => h.EveryoneLatency),
            ServerCores: M(h => h.ServerCores),
            ServerPeakCores: M(h => h.ServerPeakCores),
            ToolCores: M(h => h.ToolCores),
            ServerPeakRssBytes: L(h => h.ServerPeakRssBytes),
            SamplePayload: null);
        // The acknowledged and in-database counts are medians of different runs; loss is judged per run.
        hub = hub with
        {
            InDatabase = hubs.All(h => h.InDatabase == h.Acknowledged) ? hub.Acknowledged : hub.InDatabase,
            ReactionsPerSecond = hubs[0].ReactionsPerSecond,
            ReactionsAnswered = L(h => h.ReactionsAnswered),
            ReactionsRefused = hubs.Max(h => h.ReactionsRefused),
            Nodes = hubs.All(h => h.Nodes is not null && h.Nodes.Count == hubs[0].Nodes!.Count)
                ? [.. hubs[0].Nodes!.Select((_, k) => MedNode(hubs.Select(h => h.Nodes![k]).ToList()))]
                : null,
            Redis = hubs.All(h => h.Redis is not null) ? MedNode(hubs.Select(h => h.Redis!).ToList()) : null,
        };

        var stores = runs.Select(r => r.Store).OfType<StoreResult>().ToList();
        var store = stores.Count == 0 ? null : new StoreResult(
            Med(stores.Select(s => s.JoinsPerSecond)), Med(stores.Select(s => s.InteractionsPerSecond)), stores[0].Callers);
        var casts = runs.Select(r => r.Broadcast).OfType<BroadcastResult>().ToList();
        var broadcast = casts.Count == 0 ? null : new BroadcastResult(
            casts[0].Clients,
            casts[0].Batches,
            (int)Med(casts.Select(b => (double)b.PayloadBytes)),
            MedLatency(casts.Select(b => b.Seen).ToList()),
            Med(casts.Select(b => b.ServerCores)),
            Med(casts.Select(b => b.ServerPeakCores)),
            (long)Med(casts.Select(b => (double)b.ServerPeakRssBytes)),
            casts.Min(b => b.Converged));
        return new BenchReport(
            runs[0].Machine,
            string.Join("; ", runs.Select(r => r.LoadBefore)),
            string.Join("; ", runs.Select(r => r.LoadAfter)),
            runs[0].Participants,
            runs[0].Rate,
            runs[0].DurationSeconds,
            hub,
            store,
            broadcast)
        {
            Runs = runs.Count,
            Nodes = runs[0].Nodes,
            EachRun = [.. runs.Select(r => r.Ratios)],
        };
    }

    /// <summary>One process over the runs: each figure's median (its name, address and participants: the first run's).</summary>
    private static NodeResult MedNode(List<NodeResult> all) => new(
        all[0].Name,
        all[0].Address,
        all[0].Participants,
        Med(all.Select(n => n.Cores)),
        Med(all.Select(n => n.PeakCores)),
        (long)Math.Round(Med(all.Select(n => (double)n.PeakRssBytes))));

    /// <summary>
    /// The storm without reactions beside the same storm with them (medians of each), and how far the reactions moved
    /// the interactions' p99: the issue allows 10 %.
    /// </summary>
    public static string CompareReactions(BenchReport without, BenchReport with)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "F1" : "F0", c);
        string Moved(double a, double b) => a > 0 && !double.IsNaN(a) && !double.IsNaN(b) ? ((b - a) / a * 100).ToString("+0;-0;0", c) + " %" : "–";
        var (a, b) = (without.Hub, with.Hub);
        return string.Join(Environment.NewLine,
        [
            $"## Reactions beside the storm: {b.ReactionsPerSecond} a second, medians of {with.Runs} runs each (alternating)",
            "",
            "| measure | storm alone | storm with reactions | moved |",
            "| --- | --- | --- | --- |",
            $"| interactions acknowledged per second | {a.AckedPerSecond:F0} | {b.AckedPerSecond:F0} | {Moved(a.AckedPerSecond, b.AckedPerSecond)} |",
            $"| sent → acknowledged, p50 / p99 (ms) | {Ms(a.AckLatency.P50)} / {Ms(a.AckLatency.P99)} | {Ms(b.AckLatency.P50)} / {Ms(b.AckLatency.P99)} | p99 {Moved(a.AckLatency.P99, b.AckLatency.P99)} |",
            $"| sent → seen per client, p50 / p99 (ms) | {Ms(a.SeenLatency.P50)} / {Ms(a.SeenLatency.P99)} | {Ms(b.SeenLatency.P50)} / {Ms(b.SeenLatency.P99)} | p99 {Moved(a.SeenLatency.P99, b.SeenLatency.P99)} |",
            $"| reactions answered / refused | – | {b.ReactionsAnswered:N0} / {b.ReactionsRefused:N0} | |",
            $"| server CPU, mean (cores of 2) | {a.ServerCores:F2} | {b.ServerCores:F2} | |",
            $"| lost / store matches clients | {a.Lost} / {(a.StoreMatchesClients ? "yes" : "NO")} | {b.Lost} / {(b.StoreMatchesClients ? "yes" : "NO")} | |",
        ]);
    }

    /// <summary>
    /// How reports are written with <c>--json</c> and read back: a figure that was not measured (NaN, such as the
    /// server's CPU of a hub the tool did not start) is written as <c>"NaN"</c>, which plain JSON numbers cannot hold.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads reports written with <c>--json</c>.</summary>
    public static List<BenchReport> Read(IEnumerable<string> files) =>
        files.Select(file => JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(file), JsonOptions)
            ?? throw new InvalidDataException($"{file} holds no report.")).ToList();

    private static double Med(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static Latency MedLatency(List<Latency> all) => new(
        (long)Med(all.Select(l => (double)l.Samples)),
        Med(all.Select(l => l.P50)),
        Med(all.Select(l => l.P90)),
        Med(all.Select(l => l.P99)),
        Med(all.Select(l => l.Max)));
}
