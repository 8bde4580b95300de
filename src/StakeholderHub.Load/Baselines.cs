using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StakeholderHub.Access;
using StakeholderHub.Board;
using StakeholderHub.Events;
using StakeholderHub.Questions;

namespace StakeholderHub.Load;

/// <summary>
/// The store's own rate: the hub's writer and services, in this process, with no SignalR and no network in the way,
/// writing the same rows as the storm (the same mix of upvotes, withdrawals, proposal joins and leaves, and questions)
/// as fast as they go, with many callers waiting at once.
/// </summary>
public static class StoreBaseline
{
    public static async Task<StoreResult> Run(BenchSettings settings, Action<string> log)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "shub-load", "store-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataPath"] = dataPath });
        builder.Logging.ClearProviders();
        builder.AddStakeholderHub();
        await using var app = builder.Build();
        app.MapStakeholderHub();
        await app.StartAsync();
        try
        {
            var created = await app.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(30));
            var tokens = app.Services.GetRequiredService<TokenSigner>();
            var people = app.Services.GetRequiredService<PeopleDirectory>();
            var events = app.Services.GetRequiredService<EventService>();
            var board = app.Services.GetRequiredService<ProposalService>();
            var questions = app.Services.GetRequiredService<QuestionService>();
            tokens.TryRead(created.FacilitatorToken, out var facilitatorId, out _);
            var facilitator = (await people.Find(facilitatorId))!;
            var (stakeholder, _) = await events.Invite(facilitator, new InviteInput("Bench Stakeholder", "Bench"));
            var proposals = new List<long>();
            for (var i = 0; i < settings.Proposals; i++)
            {
                var ack = await board.Create(facilitator, new ProposalInput(
                    $"Bench proposal {i + 1}", "A proposal of the benchmark board.", "Cities of Learning", ["BE"], ["education"], ["bench"], null, stakeholder.Id, $"bench-{i}"));
                proposals.Add(ack.Id!.Value);
            }

            log($"Store baseline: {settings.Participants} joins through the writer ...");
            var participants = new Person[settings.Participants];
            var joinStart = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(0, settings.Participants), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
            {
                var (person, _) = await events.Join(new JoinInput(created.Event.JoinCode, $"Participant {i + 1}", "Bench", "BE", null, $"bench-join-{i}"));
                participants[i] = person;
            });
            var joinsPerSecond = settings.Participants / Stopwatch.GetElapsedTime(joinStart).TotalSeconds;

            log($"Store baseline: the storm's mix, closed loop, for {settings.StoreSeconds} s ...");
            var workers = Math.Min(settings.Participants, 512);
            var deadline = Stopwatch.GetTimestamp() + (long)(settings.StoreSeconds * Stopwatch.Frequency);
            var done = 0L;
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker);
                var upvoted = new Dictionary<long, HashSet<long>>();
                var joined = new Dictionary<long, HashSet<long>>();
                var asked = 0;
                for (var turn = 0; Stopwatch.GetTimestamp() < deadline; turn++)
                {
                    var who = participants[(worker + (turn * workers)) % participants.Length];
                    var proposal = proposals[random.Next(proposals.Count)];
                    var dice = random.NextDouble();
                    var votes = upvoted.TryGetValue(who.Id, out var v) ? v : upvoted[who.Id] = [];
                    var memberships = joined.TryGetValue(who.Id, out var m) ? m : joined[who.Id] = [];
                    if (dice < 0.7)
                    {
                        if (votes.Remove(proposal))
                        {
                            await board.Withdraw(who, proposal);
                        }
                        else
                        {
                            await board.Upvote(who, proposal);
                            votes.Add(proposal);
                        }
                    }
                    else if (dice < 0.9)
                    {
                        if (memberships.Remove(proposal))
                        {
                            await board.Leave(who, proposal);
                        }
                        else
                        {
                            await board.Join(who, proposal, new MembershipInput("partner", "", false, null));
                            memberships.Add(proposal);
                        }
                    }
                    else
                    {
                        asked++;
                        await questions.Ask(who, new QuestionInput($"Question {asked} from worker {worker}?", new QuestionTarget("room", null), false, $"q-{worker}-{asked}"));
                    }

                    Interlocked.Increment(ref done);
                }
            })));
            var perSecond = done / Stopwatch.GetElapsedTime(start).TotalSeconds;
            log($"  store: {joinsPerSecond:F0} joins/s, {perSecond:F0} interactions/s");
            return new StoreResult(joinsPerSecond, perSecond, workers);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed record StoreResult(double JoinsPerSecond, double InteractionsPerSecond, int Callers);

/// <summary>
/// A bare SignalR server (this tool with <c>--bare-server</c>): one hub that sends what it is given to every
/// connection. No store, no authentication, no per-person filtering.
/// </summary>
public static class BareServer
{
    public const string Ready = "BARE SERVER READY";

    public static async Task Run(int port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        // The driver sends it the hub's median batch, which at 5,000 participants can be larger than SignalR's default
        // 32 KB limit on what a client may send (the server then closes the driver's connection).
        builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = null)
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions));
        var app = builder.Build();
        app.MapHub<BareHub>("/hubs/bare");
        await app.StartAsync();
        Console.WriteLine(Ready);
        await app.WaitForShutdownAsync();
    }

    public sealed class BareHub : Hub
    {
        /// <summary>Sends the batch to everyone and answers once it is handed to every connection.</summary>
        public Task Broadcast(JsonElement batch) => Clients.All.SendAsync("Changes", batch);
    }
}

/// <summary>
/// The same payload as the hub's batches (a median batch the projector received), to the same number of clients,
/// ten times a second (the hub's most), through a bare SignalR server: the floor for the hub's delivery latency.
/// </summary>
public static class BroadcastBaseline
{
    public static async Task<BroadcastResult> Run(BenchSettings settings, string? payload, Action<string> log)
    {
        payload ??= """{"eventId":1,"from":0,"to":1,"serverTime":"2026-11-28T14:05:00.000+00:00","changes":[]}""";
        await using var server = await ServerProcess.StartBare(settings.Pin ? BenchSettings.ServerCore : null);
        var hub = new Uri(server.BaseUrl, "/hubs/bare");
        var watchers = new Watcher[settings.Participants];
        var connections = new HubConnection[settings.Participants];
        for (var i = 0; i < connections.Length; i++)
        {
            watchers[i] = new Watcher();
            connections[i] = Clients.Build(hub, null);
            Clients.Watch(connections[i], watchers[i]);
        }

        log($"Broadcast baseline: connecting {connections.Length} clients to a bare SignalR server ...");
        await Clients.StartAll(connections, settings.ConnectConcurrency, CancellationToken.None);
        await using var driver = Clients.Build(hub, null);
        await driver.StartAsync();

        var template = JsonNode.Parse(payload)!.AsObject();
        var sentAt = new List<long>();
        var count = (int)(settings.BroadcastSeconds * 10);
        var start = Stopwatch.GetTimestamp();
        var cpuStart = server.Sample();
        await using (var watch = new ProcessWatch(server.Pid))
        {
            for (var seq = 1; seq <= count; seq++)
            {
                var due = start + (long)((seq - 1) * 0.1 * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                template["from"] = seq - 1;
                template["to"] = seq;
                var batch = JsonSerializer.SerializeToElement(template);
                sentAt.Add(Stopwatch.GetTimestamp());
                await driver.InvokeAsync("Broadcast", batch);
            }

            var until = Stopwatch.GetTimestamp();
            while (watchers.Any(w => w.LastTo < count) && Stopwatch.GetElapsedTime(until) < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            var cores = ProcessSample.Cores(cpuStart, server.Sample());
            var histogram = new Histogram();
            foreach (var watcher in watchers)
            {
                foreach (var (to, at) in watcher.Arrivals)
                {
                    histogram.Add(Stopwatch.GetElapsedTime(sentAt[(int)to - 1], at).TotalMilliseconds);
                }
            }

            var peak = server.Sample().PeakRssBytes;
            await Clients.StopAll(connections);
            log($"  bare broadcast: p99 {histogram.Percentile(99):F1} ms to {connections.Length} clients");
            return new BroadcastResult(connections.Length, count, payload.Length, histogram.Summary(), cores, watch.PeakCores, peak,
                watchers.Count(w => w.LastTo >= count));
        }
    }
}

public sealed record BroadcastResult(int Clients, int Batches, int PayloadBytes, Latency Seen, double ServerCores, double ServerPeakCores, long ServerPeakRssBytes, int Converged);
