using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StakeholderHub.Load;

if (args.Length == 2 && args[0] == "--bare-server")
{
    await BareServer.Run(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length >= 2 && args[0] == "--summarize")
{
    // Medians of runs kept with --json: the table docs/performance.md shows.
    Console.WriteLine(Summary.Median(Summary.Read(args.Skip(1))).Markdown());
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

// The in-process store baseline starts the hub's services, which print their welcome; only the tool's lines show.
var output = Console.Out;
Console.SetOut(TextWriter.Null);
if (settings.Nodes > 1 && ServerProcess.FindOnPath("redis-server") is null)
{
    Console.Error.WriteLine(
        $"--nodes {settings.Nodes} needs redis-server (the Redis backplane), and there is none on PATH. "
        + "tests/services.sh installs it: source tests/services.sh && ensure_cluster_tools (Debian: apt-get install redis-server).");
    return 2;
}

if (settings.Pin)
{
    output.WriteLine(settings.Nodes > 1
        ? $"Pinned: the {settings.Nodes} hub nodes, their redis-server and the bare server on core {BenchSettings.ServerCore}, the tool on core {ServerProcess.PinTool(BenchSettings.ServerCore)} (PostgreSQL is not the tool's: it is not pinned)."
        : $"Pinned: the hub and the bare server on core {BenchSettings.ServerCore}, the tool on core {ServerProcess.PinTool(BenchSettings.ServerCore)}.");
}

if (settings.CompareReactions)
{
    // Pairs on fresh hubs, the order alternating so neither side always runs on a warmer machine.
    var alone = new List<BenchReport>();
    var beside = new List<BenchReport>();
    for (var run = 1; run <= settings.Runs; run++)
    {
        foreach (var reactions in run % 2 == 1 ? new[] { 0, settings.ReactionsPerSecond } : [settings.ReactionsPerSecond, 0])
        {
            var report = await Bench.Run(settings.WithReactions(reactions), settings.Quiet ? _ => { } : output.WriteLine);
            (reactions == 0 ? alone : beside).Add(report);
            output.WriteLine(report.Markdown());
            output.WriteLine();
        }
    }

    output.WriteLine(Summary.CompareReactions(Summary.Median(alone), Summary.Median(beside)));
    return alone.Concat(beside).All(r => r.Correct) ? 0 : 1;
}

var reports = new List<BenchReport>();
for (var run = 1; run <= settings.Runs; run++)
{
    var report = await Bench.Run(settings, settings.Quiet ? _ => { } : output.WriteLine);
    reports.Add(report);
    output.WriteLine(report.Markdown());
    output.WriteLine();
    if (settings.JsonOut is { } path)
    {
        var file = settings.Runs == 1 ? path : Path.ChangeExtension(path, null) + $"-{run}" + Path.GetExtension(path);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, Summary.JsonOptions));
    }
}

if (settings.Runs > 1)
{
    output.WriteLine(Summary.Median(reports).Markdown());
}

return reports.All(r => r.Correct) ? 0 : 1;

namespace StakeholderHub.Load
{
    /// <summary>One run: the hub under the scenario, then the two baselines on the same machine.</summary>
    public static class Bench
    {
        public static async Task<BenchReport> Run(BenchSettings settings, Action<string> log)
        {
            var limit = FileLimit.Raise();
            log($"Open files: soft limit {limit.Soft}, hard {limit.Hard}; load average {Machine.Load()}");
            var loadBefore = Machine.Load();
            HubResult hub;
            if (settings.Url is { } url)
            {
                var path = settings.DatabasePath!;
                hub = await new HubRun(settings, url, settings.JoinCode!, settings.FacilitatorToken!, settings.ProjectorToken!, () => ServerProcess.ReadOnlySqlite(path), log)
                    .Run(CancellationToken.None);
            }
            else if (settings.Nodes > 1)
            {
                var dll = settings.ServerDll ?? ServerDll();
                log($"Starting {settings.Nodes} hub nodes: dotnet {dll}");
                await using var cluster = await HubNodes.Start(dll, settings.Nodes, settings.Postgres!, settings.KeepData, settings.Pin ? BenchSettings.ServerCore : null, log);
                var first = cluster.First;
                hub = await new HubRun(settings, first.BaseUrl, first.JoinCode!, first.FacilitatorToken!, first.ProjectorToken!, first.OpenStore, log)
                {
                    ServerPids = [.. cluster.Nodes.Select(n => n.Pid)],
                    NodeUrls = [.. cluster.Nodes.Select(n => n.BaseUrl)],
                    RedisPid = cluster.Redis?.Pid,
                }.Run(CancellationToken.None);
            }
            else
            {
                var dll = settings.ServerDll ?? ServerDll();
                log($"Starting the hub: dotnet {dll}");
                await using var server = await ServerProcess.StartHub(dll, settings.KeepData, settings.Postgres, settings.Pin ? BenchSettings.ServerCore : null);
                hub = await new HubRun(settings, server.BaseUrl, server.JoinCode!, server.FacilitatorToken!, server.ProjectorToken!, server.OpenStore, log)
                {
                    ServerPids = [server.Pid],
                }.Run(CancellationToken.None);
            }

            var loadAfter = Machine.Load();
            StoreResult? store = null;
            BroadcastResult? broadcast = null;
            if (settings.Baselines && settings.Postgres is not null)
            {
                // The bare SignalR server has no store, so it is the same baseline on either; the store's is SQLite's writer.
                log("The store baseline runs the hub's SQLite writer: left out with --postgres.");
            }
            else if (settings.Baselines)
            {
                store = await StoreBaseline.Run(settings, log);
            }

            if (settings.Baselines)
            {
                broadcast = await BroadcastBaseline.Run(settings, hub.SamplePayload, log);
            }

            return new BenchReport(Machine.Describe(), loadBefore, loadAfter, settings.Participants, settings.Rate, settings.DurationSeconds, hub, store, broadcast)
            {
                Nodes = settings.Nodes,
            };
        }

        /// <summary>The hub built in the same configuration as this tool (a Release tool starts a Release hub).</summary>
        private static string ServerDll()
        {
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(here);
            var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
            for (var folder = new DirectoryInfo(here); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "src", "StakeholderHub", "bin", configuration, framework, "StakeholderHub.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("Cannot find the built hub (src/StakeholderHub/bin/…/StakeholderHub.dll); build it or pass --server-dll.");
        }
    }

    public sealed record BenchReport(
        string Machine, string LoadBefore, string LoadAfter, int Participants, int Rate, double DurationSeconds, HubResult Hub, StoreResult? Store, BroadcastResult? Broadcast)
    {
        /// <summary>How many runs this report is the median of.</summary>
        public int Runs { get; init; } = 1;

        /// <summary>How many hub nodes served the room (<c>--nodes</c>; 1: one hub).</summary>
        public int Nodes { get; init; } = 1;

        /// <summary>
        /// The hub beside its baselines and the targets (in the JSON report too): with a median table, hub ÷ baseline
        /// of the medians, each run's own ratios in <see cref="EachRun"/>.
        /// </summary>
        public BenchRatios Ratios => BenchRatios.Of(this);

        /// <summary>In a median table, each run's ratios, in the order run.</summary>
        public List<BenchRatios>? EachRun { get; init; }

        /// <summary>Nothing acknowledged is missing, the store holds what clients were told, and every client caught up.</summary>
        public bool Correct => Hub.Lost == 0 && Hub.InDatabase == Hub.Acknowledged && Hub.StoreMatchesClients && Hub.Converged == Hub.Clients && Hub.Gaps == 0;

        /// <summary>Nothing acknowledged is missing and the store holds what clients were told, whether or not all caught up.</summary>
        public bool NothingLost => Hub.Lost == 0 && Hub.InDatabase == Hub.Acknowledged && Hub.StoreMatchesClients;

        public string Markdown()
        {
            var h = Hub;
            var c = CultureInfo.InvariantCulture;
            string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "F1" : "F0", c);
            string Ratio(double a, double b) => b > 0 && !double.IsNaN(a) && !double.IsNaN(b) ? (a / b).ToString("F2", c) + "×" : "–";
            string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", c) + " MiB";
            var summed = h.Nodes is { Count: > 1 } several ? $" ({several.Count} nodes summed)" : "";
            var lines = new List<string>
            {
                (Runs == 1
                    ? $"## StakeholderHub load run: {Participants} participants, {Rate} interactions/s for {DurationSeconds:F0} s"
                    : $"## StakeholderHub load runs: {Participants} participants, {Rate} interactions/s for {DurationSeconds:F0} s")
                + (Nodes > 1 ? $", {Nodes} nodes on PostgreSQL with the Redis backplane" : "")
                + (Runs == 1 ? "" : $" — medians of {Runs} runs (lost, refused, errors, gaps, dropped: the worst run; converged: the fewest)"),
                "",
                $"Machine: {Machine}. Load average (1, 5, 15 min) before the hub run: {LoadBefore}; after it: {LoadAfter}.",
                "",
                "| measure | target | hub | baseline | hub ÷ baseline |",
                "| --- | --- | --- | --- | --- |",
                $"| participants connected | 5,000 | {h.Connected:N0} of {h.Participants:N0} | | |",
                $"| joins per second (HTTP, surge of {h.Participants:N0}) | 100 (1,000 in 10 s) | {h.JoinsPerSecond:F0} ({h.JoinSeconds:F1} s; p99 {Ms(h.JoinLatency.P99)} ms) | store: {Store?.JoinsPerSecond:F0} | {Ratio(h.JoinsPerSecond, Store?.JoinsPerSecond ?? 0)} |",
                $"| interactions per second acknowledged | 2,000 | {h.AckedPerSecond:F0} (asked {h.Rate:N0}) | store: {Store?.InteractionsPerSecond:F0} | {Ratio(h.AckedPerSecond, Store?.InteractionsPerSecond ?? 0)} |",
                $"| interactions sent / acknowledged / refused / errors / not sent (all busy) | | {h.Sent:N0} / {h.Acknowledged:N0} / {h.Refused:N0} / {h.Errors:N0} / {h.Deferred:N0} | | |",
                $"| acknowledged but not in the database (lost) | 0 | {h.Lost:N0} (in database {h.InDatabase:N0}) | | |",
                $"| sent → acknowledged, p50 / p99 (ms) | | {Ms(h.AckLatency.P50)} / {Ms(h.AckLatency.P99)} | | |",
                $"| sent → seen, per client, p50 (ms) | | {Ms(h.SeenLatency.P50)} | bare SignalR: {Ms(Broadcast?.Seen.P50 ?? double.NaN)} | {Ratio(h.SeenLatency.P50, Broadcast?.Seen.P50 ?? 0)} |",
                $"| sent → seen, per client, p90 (ms) | | {Ms(h.SeenLatency.P90)} | bare SignalR: {Ms(Broadcast?.Seen.P90 ?? double.NaN)} | {Ratio(h.SeenLatency.P90, Broadcast?.Seen.P90 ?? 0)} |",
                $"| sent → seen, per client, p99 (ms) | < 250 | {Ms(h.SeenLatency.P99)} | bare SignalR: {Ms(Broadcast?.Seen.P99 ?? double.NaN)} | {Ratio(h.SeenLatency.P99, Broadcast?.Seen.P99 ?? 0)} |",
                $"| sent → seen, per client, max (ms) | | {Ms(h.SeenLatency.Max)} | bare SignalR: {Ms(Broadcast?.Seen.Max ?? double.NaN)} | |",
                $"| sent → seen by the last client, p50 / p99 / max (ms) | | {Ms(h.EveryoneLatency.P50)} / {Ms(h.EveryoneLatency.P99)} / {Ms(h.EveryoneLatency.Max)} | | |",
                $"| clients converged on the last version / version gaps / connections dropped | all / 0 / 0 | {h.Converged:N0} of {h.Clients:N0} / {h.Gaps} / {h.Dropped} | | |",
                $"| server peak memory (VmHWM) | < 1,536 MiB | {Mib(h.ServerPeakRssBytes)}{summed} | bare SignalR: {(Broadcast is null ? "–" : Mib(Broadcast.ServerPeakRssBytes))} | {Ratio(h.ServerPeakRssBytes, Broadcast?.ServerPeakRssBytes ?? 0)} |",
                $"| server CPU during the storm, mean / busiest second (cores of 2) | | {h.ServerCores:F2} / {h.ServerPeakCores:F2}{summed} | bare SignalR: {(Broadcast is null ? "–" : $"{Broadcast.ServerCores:F2} / {Broadcast.ServerPeakCores:F2}")} | |",
                $"| load tool's own CPU during the storm (cores of 2) | | {h.ToolCores:F2} | | |",
                "",
                $"Correct: {(Correct ? "yes" : "NO")} — lost {h.Lost}, store matches clients: {(h.StoreMatchesClients ? "yes" : string.Join("; ", h.StoreMismatch))}.",
                $"Refusals: {(h.Refusals.Count == 0 ? "none" : string.Join(", ", h.Refusals.Select(r => $"{r.Key} {r.Value}")))}.",
            };
            if (h.ReactionsPerSecond > 0)
            {
                lines.Add($"Reactions beside the storm: {h.ReactionsPerSecond}/s asked, {h.ReactionsAnswered:N0} answered, {h.ReactionsRefused:N0} refused.");
            }

            if (Broadcast is not null)
            {
                lines.Add($"Bare broadcast: {Broadcast.Batches} batches of {Broadcast.PayloadBytes:N0} bytes to {Broadcast.Clients:N0} clients, {Broadcast.Converged:N0} got all.");
            }

            if (Store is not null)
            {
                lines.Add($"Store baseline: the hub's writer in-process, {Store.Callers} callers waiting at once, same mix of rows.");
            }

            if (h.Nodes is { Count: > 0 } nodes)
            {
                lines.Add("");
                lines.Add($"{nodes.Count} hub nodes on one PostgreSQL database with the Redis backplane (a redis-server of the tool's own, no persistence). "
                    + "Participants were spread over the nodes round-robin, each client (its join and its WebSocket) straight to its node's address, "
                    + "as nginx's sticky hash keeps each person on one node; no nginx in between. The facilitator and the projector were on node 1. "
                    + "The hub's memory is the sum of each node's peak, its CPU the sum of the nodes' (the busiest second: of the sum).");
                lines.Add("");
                lines.Add("| process | participants | peak memory (VmHWM) | CPU during the storm, mean / busiest second (cores of 2) |");
                lines.Add("| --- | --- | --- | --- |");
                for (var k = 0; k < nodes.Count; k++)
                {
                    var node = nodes[k];
                    lines.Add($"| {node.Name} ({node.Address}) | {node.Participants:N0}{(k == 0 ? " + facilitator, projector" : "")} | {Mib(node.PeakRssBytes)} | {node.Cores:F2} / {node.PeakCores:F2} |");
                }

                lines.Add($"| all {nodes.Count} nodes | {nodes.Sum(n => n.Participants):N0} | {Mib(h.ServerPeakRssBytes)} | {h.ServerCores:F2} / {h.ServerPeakCores:F2} |");
                if (h.Redis is { } redis)
                {
                    lines.Add($"| redis-server (not in the sums) | | {Mib(redis.PeakRssBytes)} | {redis.Cores:F2} / {redis.PeakCores:F2} |");
                }
            }

            lines.Add("");
            lines.AddRange(Ratios.Markdown(Nodes));
            if (EachRun is { Count: > 1 } each)
            {
                lines.Add("Each run's ratios, in order: acknowledged ÷ store "
                    + string.Join(", ", each.Select(r => BenchRatios.Times(r.AcknowledgedToStore)))
                    + "; seen p99 ÷ bare " + string.Join(", ", each.Select(r => BenchRatios.Times(r.SeenP99ToBare)))
                    + "; peak memory ÷ bare " + string.Join(", ", each.Select(r => BenchRatios.Times(r.PeakMemoryToBare))) + ".");
            }

            return string.Join(Environment.NewLine, lines);
        }
    }

    public static class Machine
    {
        public static string Load()
        {
            try
            {
                return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "?";
            }
        }

        public static string Describe()
        {
            long memory = 0;
            try
            {
                var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
                memory = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            catch (Exception error) when (error is IOException or InvalidOperationException)
            {
            }

            return $"{Environment.ProcessorCount} cores, {memory:N0} MiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        }
    }

    /// <summary>Raises this process's soft limit of open files to its hard limit: thousands of WebSockets need it.</summary>
    public static partial class FileLimit
    {
        private const int RlimitNofile = 7;

        public static (ulong Soft, ulong Hard) Raise()
        {
            if (!OperatingSystem.IsLinux())
            {
                return (0, 0);
            }

            var limit = new Rlimit();
            if (GetRlimit(RlimitNofile, ref limit) != 0)
            {
                return (0, 0);
            }

            if (limit.Current < limit.Max)
            {
                var raised = new Rlimit { Current = limit.Max, Max = limit.Max };
                if (SetRlimit(RlimitNofile, ref raised) == 0)
                {
                    limit = raised;
                }
            }

            return (limit.Current, limit.Max);
        }

        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getrlimit")]
        private static partial int GetRlimit(int resource, ref Rlimit limit);

        [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "setrlimit")]
        private static partial int SetRlimit(int resource, ref Rlimit limit);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct Rlimit
        {
            public ulong Current;
            public ulong Max;
        }
    }
}
