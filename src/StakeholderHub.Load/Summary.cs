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
        hub = hub with { InDatabase = hubs.All(h => h.InDatabase == h.Acknowledged) ? hub.Acknowledged : hub.InDatabase };

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
        };
    }

    /// <summary>Reads reports written with <c>--json</c>.</summary>
    public static List<BenchReport> Read(IEnumerable<string> files) =>
        files.Select(file => JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(file))
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
