using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StakeholderHub.Tests.Cluster;
using Xunit.Abstractions;

namespace StakeholderHub.Tests.Realtime;

/// <summary>
/// SIGTERM to a real hub process while 40 phones with automatic reconnect toggle their upvotes as fast as they are
/// answered: the process exits within seconds, every call it took is answered, nothing committed goes unanswered and
/// nothing acknowledged is lost (each person's evidence holds exactly the upvotes and withdrawals they were told
/// succeeded).
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ASigtermDuringAStormAnswersEveryCallTakenAndExitsWithinSeconds()
    {
        var store = TestStore.Create(_dataPath);
        var arguments = new List<string>
        {
            Repository.HubDll, "--urls", "http://127.0.0.1:0", "--Storage:DataPath", _dataPath,
            "--RateLimit:Burst", "100000", "--RateLimit:PerSecond", "100000", "--Security:JoinBurst", "100000",
        };
        foreach (var (key, value) in store.Settings)
        {
            arguments.AddRange(["--" + key, value ?? ""]);
        }

        var hub = ChildProcess.Start("hub", "dotnet", arguments, workingDirectory: Repository.Path("src", "StakeholderHub"));
        var voters = new List<Voter>();
        try
        {
            var links = await Links(hub);
            var facilitatorLink = new Uri(links["Facilitator (secret)"]);
            var baseUrl = new Uri(facilitatorLink.GetLeftPart(UriPartial.Authority));
            using var http = new HttpClient { BaseAddress = baseUrl };
            var facilitatorToken = HubServer.TokenOf(facilitatorLink.ToString());
            var owner = await BoardHttp.Post(http, facilitatorToken, "/api/invites", new { name = "Jan De Smet", organisation = "Stad Antwerpen" });
            await using var facilitator = await Connect(baseUrl, facilitatorToken);
            var proposal = BoardClient.ReadAck(await facilitator.InvokeCoreAsync<JsonElement>("CreateProposal",
                [Room.ProposalInput("Storm", ("ownerId", owner.GetProperty("person").GetProperty("id").GetInt64()))])).Id!.Value;

            for (var i = 0; i < 40; i++)
            {
                var joined = await BoardHttp.Post(http, null, "/api/join", new { code = links["Join code"], name = $"Phone {i}", organisation = "CAP-City", country = "BE" });
                voters.Add(new Voter(joined.GetProperty("person").GetProperty("id").GetInt64(), await Connect(baseUrl, joined.GetProperty("token").GetString()!)));
            }

            using var stop = new CancellationTokenSource();
            var storm = voters.Select(voter => voter.Toggle(proposal, stop.Token)).ToList();
            // The storm runs until a hundred calls were answered (two seconds on a quiet machine), then the stop comes.
            var running = Stopwatch.StartNew();
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            while ((voters.Sum(v => v.Acknowledged) <= 100 || running.Elapsed < TimeSpan.FromSeconds(2)) && running.Elapsed < TimeSpan.FromSeconds(60));

            var takenBefore = voters.Sum(v => v.Acknowledged);

            var clock = Stopwatch.StartNew();
            hub.Terminate();
            var exited = await hub.Exited(TimeSpan.FromSeconds(20));
            var exitTime = clock.Elapsed;
            await Task.Delay(500);
            await stop.CancelAsync();
            await Task.WhenAll(storm);

            output.WriteLine($"exit after SIGTERM: {exitTime.TotalMilliseconds:F0} ms; acknowledged {voters.Sum(v => v.Acknowledged)} ({takenBefore} before the stop), "
                + $"refused {voters.Sum(v => v.Refused)}, unanswered {voters.Sum(v => v.Unanswered)}, not sent {voters.Sum(v => v.NotSent)}");
            Assert.True(exited, "the hub exits by itself\n" + hub.Tail(40));
            Assert.True(exitTime < TimeSpan.FromSeconds(10), $"the hub took {exitTime.TotalSeconds:F1} s to exit\n" + hub.Tail(40));
            Assert.True(takenBefore > 100, $"the storm ran ({takenBefore} calls answered before the stop)");
            Assert.Contains(hub.Lines, line => line.Contains("Drained:", StringComparison.Ordinal));

            // Nothing acknowledged lost, nothing committed unacknowledged: each phone's upvote evidence is exactly its
            // acks. A phone toggles from what it was told, so every call the hub took commits one evidence row: equal
            // counts also say that every call taken was answered. A call can still go unanswered when it reaches the
            // hub as the connections close, after the drain (a phone sends again the moment it has its answer): it was
            // not taken, and these counts show it stored nothing.
            using var db = store.Open();
            var evidence = db.Query<(long Person, long Count)>(
                "SELECT person_id, COUNT(*) FROM evidence WHERE action IN ('upvoted_proposal', 'withdrew_proposal_upvote') GROUP BY person_id")
                .ToDictionary(row => row.Person, row => row.Count);
            foreach (var voter in voters)
            {
                Assert.Equal(voter.Acknowledged, evidence.GetValueOrDefault(voter.PersonId));
            }

            var voted = db.Query<long>("SELECT person_id FROM proposal_votes WHERE proposal_id = @proposal", new { proposal }).ToHashSet();
            Assert.All(voters, voter => Assert.Equal(voter.Upvoted, voted.Contains(voter.PersonId)));
        }
        finally
        {
            await Task.WhenAll(voters.Select(v => v.Connection.DisposeAsync().AsTask()));
            hub.Kill();
            store.Drop();
        }
    }

    private static async Task<HubConnection> Connect(Uri baseUrl, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)])
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task<Dictionary<string, string>> Links(ChildProcess hub)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var links = hub.Lines.Select(line => StartupOutput.LinkLine().Match(line)).Where(match => match.Success)
                .GroupBy(match => match.Groups["label"].Value).ToDictionary(group => group.Key, group => group.First().Groups["value"].Value);
            if (links.ContainsKey("Join code"))
            {
                return links;
            }

            Assert.False(hub.HasExited, "the hub stopped at start\n" + hub.Tail(40));
            await Task.Delay(100);
        }

        throw new TimeoutException("The hub printed no links\n" + hub.Tail(40));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>One phone: it upvotes and withdraws in turn, each time it was told the last one succeeded.</summary>
    private sealed class Voter(long personId, HubConnection connection)
    {
        public long PersonId { get; } = personId;

        public HubConnection Connection { get; } = connection;

        public bool Upvoted { get; private set; }

        public int Acknowledged { get; private set; }

        public int Refused { get; private set; }

        /// <summary>Calls sent whose connection closed before their answer came.</summary>
        public int Unanswered { get; private set; }

        /// <summary>Calls never sent: the connection was not up (reconnecting, or refused while the hub stops).</summary>
        public int NotSent { get; private set; }

        public async Task Toggle(long proposal, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (Connection.State != HubConnectionState.Connected)
                {
                    NotSent++;
                    await Task.Delay(20, CancellationToken.None);
                    continue;
                }

                try
                {
                    await Connection.InvokeCoreAsync<JsonElement>(Upvoted ? "WithdrawProposalUpvote" : "UpvoteProposal", [proposal], CancellationToken.None);
                    Upvoted = !Upvoted;
                    Acknowledged++;
                }
                catch (HubException refused)
                {
                    Refused++;
                    if (refused.Message.Contains("unavailable:", StringComparison.Ordinal))
                    {
                        // The hub is stopping: like the web app, wait for the connection to move rather than insist.
                        await Task.Delay(1000, CancellationToken.None);
                    }
                }
                catch (Exception error) when (error.Message.Contains("not active", StringComparison.OrdinalIgnoreCase))
                {
                    NotSent++;
                }
                catch (Exception)
                {
                    // The call was sent and its connection closed before an answer: it may or may not have been stored.
                    Unanswered++;
                    await Task.Delay(20, CancellationToken.None);
                }
            }
        }
    }
}
