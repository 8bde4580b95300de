using System.Globalization;

namespace StakeholderHub.Load;

/// <summary>One target of the issue, checked: met, not met, or not measured (its baseline was not run).</summary>
public sealed record TargetCheck(string Target, string Figure, string Ratio, bool? Met)
{
    public string Verdict => Met switch
    {
        true => "met",
        false => "not met",
        null => "not measured",
    };
}

/// <summary>
/// The hub beside its baselines, as the issue asks: acknowledged/s ÷ the store baseline's committed/s, the hub's
/// sent → seen p99 ÷ the bare SignalR baseline's p99, and the hub's peak memory ÷ the bare server's (both VmHWM; with
/// several nodes the hub's is the sum of the nodes'), and the targets: acknowledged at least 0.8 × the store baseline
/// and at least 1,800 a second, seen p99 at most 2 × bare, peak memory at most 1.5 × bare, nothing lost. A ratio whose
/// baseline was not run is null, and its target not measured.
/// </summary>
public sealed record BenchRatios(
    double AcknowledgedPerSecond,
    double? StoreCommittedPerSecond,
    double? AcknowledgedToStore,
    double? SeenP99Ms,
    double? BareSeenP99Ms,
    double? SeenP99ToBare,
    long PeakMemoryBytes,
    long? BarePeakMemoryBytes,
    double? PeakMemoryToBare,
    long Lost,
    List<TargetCheck> Targets)
{
    public const double AcknowledgedToStoreTarget = 0.8;
    public const double AcknowledgedPerSecondTarget = 1800;
    public const double SeenP99ToBareTarget = 2;
    public const double PeakMemoryToBareTarget = 1.5;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>How many of the targets are met.</summary>
    public int TargetsMet => Targets.Count(t => t.Met == true);

    public static BenchRatios Of(BenchReport report)
    {
        var hub = report.Hub;
        var acked = hub.AckedPerSecond;
        double? store = report.Store is { InteractionsPerSecond: > 0 and var committed } ? committed : null;
        double? seen = double.IsNaN(hub.SeenLatency.P99) ? null : hub.SeenLatency.P99;
        double? bare = report.Broadcast is { Seen.P99: > 0 and var p99 } ? p99 : null;
        long? bareMemory = report.Broadcast is { ServerPeakRssBytes: > 0 and var bytes } ? bytes : null;
        var memory = hub.ServerPeakRssBytes;
        double? ackedToStore = store is { } s ? acked / s : null;
        double? seenToBare = seen is { } a && bare is { } b ? a / b : null;
        double? memoryToBare = memory > 0 && bareMemory is { } m ? (double)memory / m : null;
        // Several nodes: the sum against one bare server holding every client; the largest node is shown beside it.
        var nodes = hub.Nodes is { Count: > 1 } each
            ? $" ({each.Count} nodes summed; the largest {Mib(each.Max(n => n.PeakRssBytes))})"
            : report.Nodes > 1 ? $" ({report.Nodes} nodes summed)" : "";
        List<TargetCheck> targets =
        [
            new(
                $"acknowledged ≥ {AcknowledgedToStoreTarget.ToString(C)} × the store baseline's committed/s",
                store is null ? $"{acked.ToString("N0", C)}/s; no store baseline" : $"{acked.ToString("N0", C)}/s, store {store.Value.ToString("N0", C)}/s",
                Times(ackedToStore),
                ackedToStore is { } r1 ? r1 >= AcknowledgedToStoreTarget : null),
            new(
                $"acknowledged ≥ {AcknowledgedPerSecondTarget.ToString("N0", C)}/s",
                $"{acked.ToString("N0", C)}/s",
                "",
                acked >= AcknowledgedPerSecondTarget),
            new(
                $"sent → seen p99 ≤ {SeenP99ToBareTarget.ToString(C)} × the bare SignalR baseline's p99",
                seen is null ? "no interaction seen" : $"{Ms(seen.Value)} ms",
                bare is null ? "no bare baseline" : $"{Times(seenToBare)}, bare {Ms(bare.Value)} ms",
                seenToBare is { } r2 ? r2 <= SeenP99ToBareTarget : null),
            new(
                $"server peak memory ≤ {PeakMemoryToBareTarget.ToString(C)} × the bare server's",
                memory > 0 ? Mib(memory) + nodes : "not measured (a hub the tool did not start)",
                bareMemory is null ? "no bare baseline" : $"{Times(memoryToBare)}, bare {Mib(bareMemory.Value)}",
                memoryToBare is { } r3 ? r3 <= PeakMemoryToBareTarget : null),
            new("lost 0", hub.Lost.ToString("N0", C), "", hub.Lost == 0),
        ];
        return new BenchRatios(acked, store, ackedToStore, seen, bare, seenToBare, memory, bareMemory, memoryToBare, hub.Lost, targets);
    }

    /// <summary>A ratio as the report prints it: 0.47×, 1.60×, 12×; – when its baseline was not run.</summary>
    public static string Times(double? ratio) =>
        ratio is not { } r || double.IsNaN(r) ? "–" : r.ToString(r < 10 ? "F2" : "F0", C) + "×";

    /// <summary>The report's lines: the three ratios in one line, then the targets as met / not met.</summary>
    public IEnumerable<string> Markdown(int nodes)
    {
        var memory = nodes > 1 ? $"peak memory ({nodes} nodes summed)" : "peak memory";
        yield return "Ratios: acknowledged "
            + (AcknowledgedToStore is null ? "– (no store baseline)" : $"{Times(AcknowledgedToStore)}, store {StoreCommittedPerSecond!.Value.ToString("N0", C)}/s")
            + "; seen p99 "
            + (SeenP99ToBare is null ? "– (no bare baseline)" : $"{Times(SeenP99ToBare)}, bare {Ms(BareSeenP99Ms!.Value)} ms")
            + $"; {memory} "
            + (PeakMemoryToBare is null ? "– (no bare baseline)" : $"{Times(PeakMemoryToBare)}, bare {Mib(BarePeakMemoryBytes!.Value)}")
            + ".";
        yield return "";
        yield return "| target | hub | hub ÷ baseline | result |";
        yield return "| --- | --- | --- | --- |";
        foreach (var target in Targets)
        {
            yield return $"| {target.Target} | {target.Figure} | {target.Ratio} | {target.Verdict} |";
        }

        yield return "";
        var unmeasured = Targets.Count(t => t.Met is null);
        yield return $"Targets met: {TargetsMet} of {Targets.Count}" + (unmeasured > 0 ? $" ({unmeasured} not measured: no baseline)." : ".");
    }

    private static string Ms(double v) => v.ToString(v < 10 ? "F1" : "F0", C);

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", C) + " MiB";
}
