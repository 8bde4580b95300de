using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StakeholderHub.Load;

/// <summary>
/// The scenario against the hub: the board is set up, N participants join over HTTP (the join surge) and connect
/// over WebSockets, then a storm of upvotes, proposal joins and questions runs at a set rate while every client
/// watches the board. At the end the database is read: every acknowledged interaction must be in it.
/// </summary>
public sealed class HubRun(BenchSettings settings, Uri baseUrl, string joinCode, string facilitatorToken, string projectorToken, Func<System.Data.Common.DbConnection> openStore, Action<string> log)
{
    private readonly ConcurrentQueue<Sent> _acked = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();
    private long _errors;
    private long _deferred;
    private long _inFlight;

    public ProcessWatch? Server { get; init; }

    /// <summary>The hub's process, or each node's with several (node 1 first); none for a hub the tool did not start.</summary>
    public IReadOnlyList<int> ServerPids { get; init; } = [];

    /// <summary>
    /// With several nodes, each node's address (node 1 first, the same as the base address): participants are spread
    /// over them round-robin, each connecting straight to its node; the facilitator and the projector use node 1.
    /// </summary>
    public IReadOnlyList<Uri> NodeUrls { get; init; } = [];

    /// <summary>The redis-server of several nodes, sampled beside them but not summed with them.</summary>
    public int? RedisPid { get; init; }

    public async Task<HubResult> Run(CancellationToken cancel)
    {
        using var http = Clients.Http(baseUrl);
        var hubUrl = new Uri(baseUrl, "/hubs/session");
        IReadOnlyList<Uri> nodes = NodeUrls.Count > 0 ? NodeUrls : [baseUrl];
        var nodeHttp = nodes.Select((url, node) => node == 0 ? http : Clients.Http(url)).ToArray();
        var nodeHubs = nodes.Select(url => new Uri(url, "/hubs/session")).ToArray();
        if (nodes.Count > 1)
        {
            log($"Participants spread round-robin over {nodes.Count} nodes, each client (its join and its WebSocket) straight to its node's "
                + "address, as nginx's sticky hash keeps each person on one node (no nginx in between); the facilitator and the projector on node 1.");
        }

        try
        {
            return await Run(http, hubUrl, nodeHttp, nodeHubs, cancel);
        }
        finally
        {
            foreach (var other in nodeHttp.Skip(1))
            {
                other.Dispose();
            }
        }
    }

    private async Task<HubResult> Run(HttpClient http, Uri hubUrl, HttpClient[] nodeHttp, Uri[] nodeHubs, CancellationToken cancel)
    {
        // The board: one stakeholder owns the proposals, which the facilitator creates for them.
        var stakeholderId = await Invite(http);
        await using var facilitator = Clients.Build(hubUrl, facilitatorToken);
        await facilitator.StartAsync(cancel);
        var proposals = new List<long>();
        for (var i = 0; i < settings.Proposals; i++)
        {
            var ack = await facilitator.InvokeAsync<AckDto>("CreateProposal", new
            {
                title = $"Bench proposal {i + 1}",
                summary = "A proposal of the benchmark board.",
                partnersSought = "Cities of Learning",
                countries = new[] { "BE" },
                themes = new[] { "education" },
                tags = new[] { "bench" },
                agendaItemId = (long?)null,
                ownerId = stakeholderId,
                requestId = $"bench-{i}",
            }, cancel);
            proposals.Add(ack.Id!.Value);
        }

        // The poll-and-reaction mix answers one open poll of four options.
        long poll = 0;
        if (settings.Mix == "polls")
        {
            var created = await facilitator.InvokeAsync<AckDto>("CreatePoll", new
            {
                kind = "single", question = "Bench poll", options = new[] { "A", "B", "C", "D" }, maxChoices = (int?)null,
                results = "live", proposalId = (long?)null, agendaItemId = (long?)null,
            }, cancel);
            poll = created.Id!.Value;
            await facilitator.InvokeAsync<AckDto>("OpenPoll", poll, cancel);
        }

        // The projector watches everything, and keeps the counts it is told so they can be checked against the store.
        var projectorWatch = new Watcher();
        var projectorCounts = new ConcurrentDictionary<long, (long Upvotes, long Members)>();
        var samples = new List<string>();
        await using var projector = Clients.Build(hubUrl, projectorToken);
        projector.On<JsonElement>("Changes", batch => Project(batch, projectorWatch, projectorCounts, samples));
        await projector.StartAsync(cancel);

        // The join surge.
        log($"Joining {settings.Participants} participants ({settings.JoinConcurrency} at a time) ...");
        var joinLatency = new Histogram();
        var participants = new Participant[settings.Participants];
        var joinStart = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Participants),
            new ParallelOptions { MaxDegreeOfParallelism = settings.JoinConcurrency, CancellationToken = cancel }, async (i, token) =>
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await nodeHttp[i % nodeHttp.Length].PostAsJsonAsync("/api/join", new
                {
                    code = joinCode,
                    name = $"Participant {i + 1}",
                    organisation = "Bench",
                    country = "BE",
                    requestId = $"bench-join-{i}",
                }, token);
                response.EnsureSuccessStatusCode();
                var joined = (await response.Content.ReadFromJsonAsync<JoinedDto>(Clients.JsonOptions, token))!;
                lock (joinLatency)
                {
                    joinLatency.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }

                participants[i] = new Participant(i, joined.Person.Id, joined.Token);
            });
        var joinTime = Stopwatch.GetElapsedTime(joinStart);
        log($"  {settings.Participants} joins in {joinTime.TotalSeconds:F1} s ({settings.Participants / joinTime.TotalSeconds:F0}/s)");

        log($"Connecting {settings.Participants} WebSockets ({settings.ConnectConcurrency} at a time) ...");
        foreach (var participant in participants)
        {
            participant.Connection = Clients.Build(nodeHubs[participant.Index % nodeHubs.Length], participant.Token);
            Clients.Watch(participant.Connection, participant.Watcher);
        }

        var connectTime = await Clients.StartAll(participants.Select(p => p.Connection!).ToList(), settings.ConnectConcurrency, cancel);
        var connected = participants.Count(p => p.Connection!.State == HubConnectionState.Connected);
        log($"  {connected} connected in {connectTime.TotalSeconds:F1} s");

        // A quiet second, so the join surge's batches are out before the storm is measured.
        await Task.Delay(1000, cancel);
        var stormFromVersion = Math.Max(projectorWatch.LastTo, 0);
        // The hub's processes (one, or each node's) and then redis-server's, sampled together.
        var pids = ServerPids.Concat(RedisPid is { } redisPid ? [redisPid] : Array.Empty<int>()).ToArray();
        var stormStartCpu = pids.Select(ProcessSample.Of).ToArray();
        var toolStartCpu = ProcessSample.Of(Environment.ProcessId);
        await using var stormWatch = pids.Length > 0 ? new ProcessWatch(pids, summed: ServerPids.Count) : null;

        log($"Storm: {settings.Rate} interactions/s for {settings.DurationSeconds} s"
            + (settings.ReactionsPerSecond > 0 ? $", {settings.ReactionsPerSecond} reactions/s beside it ..." : " ..."));
        var stormStart = Stopwatch.GetTimestamp();
        var reacting = settings.ReactionsPerSecond > 0 ? ReactAlongside(participants, stormStart, cancel) : Task.CompletedTask;
        var pending = new ConcurrentDictionary<Task, byte>();
        var issued = 0L;
        var cursor = 0;
        var random = new Random(6);
        var minGap = Stopwatch.Frequency / settings.PerParticipantPerSecond;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(stormStart).TotalSeconds;
            if (elapsed >= settings.DurationSeconds)
            {
                break;
            }

            var due = (long)(elapsed * settings.Rate);
            var now = Stopwatch.GetTimestamp();
            while (issued < due)
            {
                issued++;
                Participant? chosen = null;
                for (var scanned = 0; scanned < participants.Length; scanned++)
                {
                    var candidate = participants[cursor];
                    cursor = (cursor + 1) % participants.Length;
                    if (!candidate.Busy && now - candidate.LastSent >= minGap && candidate.Connection!.State == HubConnectionState.Connected)
                    {
                        chosen = candidate;
                        break;
                    }
                }

                if (chosen is null)
                {
                    // Every participant is waiting for an answer: the hub is behind the rate asked for.
                    _deferred++;
                    continue;
                }

                chosen.Busy = true;
                chosen.LastSent = now;
                var task = poll == 0
                    ? Interact(chosen, proposals, random.NextDouble(), random.Next(proposals.Count))
                    : InteractWithPoll(chosen, proposals, poll, random.NextDouble(), random.Next(proposals.Count));
                pending[task] = 0;
                _ = task.ContinueWith(t => pending.TryRemove(t, out _), TaskScheduler.Default);
            }

            await Task.Delay(1, cancel);
        }

        var stormSent = Stopwatch.GetElapsedTime(stormStart);
        await reacting;
        if (settings.ReactionsPerSecond > 0)
        {
            log($"  reactions beside the storm: {Interlocked.Read(ref _sideReactions)} answered, {Interlocked.Read(ref _sideReactionsRefused)} refused");
        }
        if (poll != 0)
        {
            log($"  poll answers acknowledged: {_acked.Count(a => a.Action == "answered_poll")}; reactions sent: {Interlocked.Read(ref _reactions)}");
        }

        log($"  sent for {stormSent.TotalSeconds:F1} s; waiting for {Interlocked.Read(ref _inFlight)} answers ...");
        await Task.WhenAll(pending.Keys).WaitAsync(TimeSpan.FromSeconds(120), cancel);
        var stormEnd = Stopwatch.GetElapsedTime(stormStart);
        var stormEndCpu = pids.Select(ProcessSample.Of).ToArray();
        var toolCores = ProcessSample.Cores(toolStartCpu, ProcessSample.Of(Environment.ProcessId));

        // Everyone must reach the last acknowledged version.
        var acked = _acked.ToArray();
        var finalVersion = acked.Length == 0 ? stormFromVersion : acked.Max(a => a.Version);
        var watchers = participants.Select(p => p.Watcher).Append(projectorWatch).ToArray();
        var convergeStart = Stopwatch.GetTimestamp();
        while (watchers.Any(w => w.LastTo < finalVersion) && Stopwatch.GetElapsedTime(convergeStart) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, cancel);
        }

        var converged = watchers.Count(w => w.LastTo >= finalVersion);
        log($"  {converged} of {watchers.Length} clients reached version {finalVersion}");

        var (seen, everyone) = Latencies(acked, watchers);
        // The projector's counts are compared with the store only if it caught up (else "not converged" says it).
        var check = ReadStore(acked, participants, stormFromVersion, projectorCounts, projectorWatch.LastTo >= finalVersion);
        var dropped = participants.Count(p => p.Connection!.State != HubConnectionState.Connected);

        // Each process's figures: the hub's (or each node's, with its participants), then redis-server's. A node's peak
        // memory is its own VmHWM; the hub's is their sum (each node's peak, whenever it came).
        var each = pids.Select((pid, k) => new NodeResult(
            k < ServerPids.Count ? (nodeHubs.Length > 1 ? $"node {k + 1}" : "hub") : "redis-server",
            k < ServerPids.Count ? nodeHubs[k].Authority : "",
            k < ServerPids.Count ? participants.Count(p => p.Index % nodeHubs.Length == k) : 0,
            ProcessSample.Cores(stormStartCpu[k], stormEndCpu[k]),
            stormWatch?.PeakCoresOf(k) ?? double.NaN,
            ProcessSample.Of(pid).PeakRssBytes)).ToList();

        await Clients.StopAll(participants.Select(p => p.Connection!));
        return new HubResult(
            Participants: settings.Participants,
            Connected: connected,
            JoinSeconds: joinTime.TotalSeconds,
            JoinsPerSecond: settings.Participants / joinTime.TotalSeconds,
            JoinLatency: joinLatency.Summary(),
            ConnectSeconds: connectTime.TotalSeconds,
            Rate: settings.Rate,
            DurationSeconds: settings.DurationSeconds,
            Sent: issued - _deferred,
            Deferred: _deferred,
            Acknowledged: acked.Length,
            AckedPerSecond: acked.Length / stormEnd.TotalSeconds,
            Refused: _refusals.Values.Sum(),
            Refusals: new Dictionary<string, int>(_refusals),
            Errors: Interlocked.Read(ref _errors),
            InDatabase: check.InDatabase,
            Lost: check.Lost,
            StoreMatchesClients: check.Matches,
            StoreMismatch: check.Mismatch,
            Clients: watchers.Length,
            Converged: converged,
            Dropped: dropped,
            Gaps: watchers.Sum(w => w.Gaps),
            AckLatency: AckLatency(acked),
            SeenLatency: seen,
            EveryoneLatency: everyone,
            ServerCores: ServerPids.Count == 0 ? double.NaN : each.Take(ServerPids.Count).Sum(p => p.Cores),
            ServerPeakCores: stormWatch?.PeakCores ?? double.NaN,
            ToolCores: toolCores,
            ServerPeakRssBytes: each.Take(ServerPids.Count).Sum(p => p.PeakRssBytes),
            SamplePayload: Median(samples))
        {
            ReactionsPerSecond = settings.ReactionsPerSecond,
            ReactionsAnswered = Interlocked.Read(ref _sideReactions),
            ReactionsRefused = Interlocked.Read(ref _sideReactionsRefused),
            Nodes = nodeHubs.Length > 1 ? [.. each.Take(ServerPids.Count)] : null,
            Redis = RedisPid is null ? null : each[^1],
        };
    }

    private long _sideReactions;
    private long _sideReactionsRefused;

    /// <summary>
    /// Reactions at <c>--reactions</c> a second for the storm's duration, from every participant in turn on their own
    /// connection (beside whatever storm call that phone has in flight), each answered on its own.
    /// </summary>
    private async Task ReactAlongside(Participant[] participants, long start, CancellationToken cancel)
    {
        var pending = new List<Task>();
        var sent = 0L;
        var next = 0;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (elapsed >= settings.DurationSeconds)
            {
                break;
            }

            var due = (long)(elapsed * settings.ReactionsPerSecond);
            while (sent < due)
            {
                var who = participants[next];
                next = (next + 1) % participants.Length;
                var kind = ReactionKinds[(int)(sent % ReactionKinds.Length)];
                sent++;
                if (who.Connection!.State == HubConnectionState.Connected)
                {
                    pending.Add(OneReaction(who.Connection, kind));
                }
            }

            await Task.Delay(1, cancel);
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60), cancel);
    }

    private async Task OneReaction(HubConnection connection, string kind)
    {
        try
        {
            await connection.InvokeCoreAsync("React", [kind]);
            Interlocked.Increment(ref _sideReactions);
        }
        catch (HubException)
        {
            Interlocked.Increment(ref _sideReactionsRefused);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    private long _reactions;

    /// <summary>
    /// The poll-and-reaction mix: reactions (answered at once, not evidence, so not among the acknowledged) a fifth,
    /// answers to the poll (each a changed vote, so evidence) a third, and the board's mix for the rest.
    /// </summary>
    private async Task InteractWithPoll(Participant who, List<long> proposals, long poll, double dice, int pick)
    {
        if (dice < 0.2)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await who.Connection!.InvokeCoreAsync("React", [ReactionKinds[pick % ReactionKinds.Length]]);
                Interlocked.Increment(ref _reactions);
            }
            catch (HubException error)
            {
                _refusals.AddOrUpdate(error.Message.Contains("rate_limited", StringComparison.Ordinal) ? "rate_limited" : "other", 1, (_, n) => n + 1);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _errors);
            }
            finally
            {
                who.Busy = false;
                Interlocked.Decrement(ref _inFlight);
            }

            return;
        }

        if (dice < 0.53)
        {
            Interlocked.Increment(ref _inFlight);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                // A choice other than the last one, so every answer changes the vote and is evidence.
                who.PollChoice = (who.PollChoice + 1 + pick % 3) % 4;
                var ack = await who.Connection!.InvokeCoreAsync<AckDto>("VotePoll", [poll, new { choices = new[] { who.PollChoice } }]);
                _acked.Enqueue(new Sent(who.PersonId, ack.Version, "answered_poll", ack.Id, sent, Stopwatch.GetTimestamp()));
            }
            catch (HubException error)
            {
                _refusals.AddOrUpdate(error.Message.Contains("rate_limited", StringComparison.Ordinal) ? "rate_limited" : "other", 1, (_, n) => n + 1);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _errors);
                who.Uncertain = true;
            }
            finally
            {
                who.Busy = false;
                Interlocked.Decrement(ref _inFlight);
            }

            return;
        }

        // The rest as the board's mix (upvotes 70 %, joins 20 %, questions 10 % of it).
        await Interact(who, proposals, (dice - 0.53) / 0.47, pick);
    }

    private static readonly string[] ReactionKinds = ["clap", "idea", "heart", "think"];

    private async Task Interact(Participant who, List<long> proposals, double dice, int pick)
    {
        Interlocked.Increment(ref _inFlight);
        var proposal = proposals[pick];
        string method, action;
        object?[] args;
        if (dice < 0.7)
        {
            var undo = who.Upvoted.Contains(proposal);
            (method, action) = undo ? ("WithdrawProposalUpvote", "withdrew_proposal_upvote") : ("UpvoteProposal", "upvoted_proposal");
            args = [proposal];
        }
        else if (dice < 0.9)
        {
            var undo = who.Joined.Contains(proposal);
            (method, action) = undo ? ("LeaveProposal", "left_proposal") : ("JoinProposal", "joined_proposal");
            args = undo ? [proposal] : [proposal, new { intent = "partner", note = "", shareContact = false }];
        }
        else
        {
            (method, action) = ("AskQuestion", "asked_question");
            args = [new { text = $"Question {who.Asked + 1} from participant {who.Index + 1}?", target = new { kind = "room" }, anonymous = false, requestId = $"q-{who.Index}-{who.Asked}" }];
            proposal = 0;
        }

        var sent = Stopwatch.GetTimestamp();
        try
        {
            var ack = await who.Connection!.InvokeCoreAsync<AckDto>(method, args);
            var answered = Stopwatch.GetTimestamp();
            switch (method)
            {
                case "UpvoteProposal":
                    who.Upvoted.Add(proposal);
                    break;
                case "WithdrawProposalUpvote":
                    who.Upvoted.Remove(proposal);
                    break;
                case "JoinProposal":
                    who.Joined.Add(proposal);
                    break;
                case "LeaveProposal":
                    who.Joined.Remove(proposal);
                    break;
                default:
                    who.Asked++;
                    break;
            }

            _acked.Enqueue(new Sent(who.PersonId, ack.Version, action, ack.Id, sent, answered));
        }
        catch (HubException error)
        {
            var message = error.Message;
            var at = message.IndexOf("HubException: ", StringComparison.Ordinal);
            var code = at >= 0 ? message[(at + "HubException: ".Length)..] : message;
            code = code.Contains(':', StringComparison.Ordinal) ? code[..code.IndexOf(':', StringComparison.Ordinal)] : "other";
            _refusals.AddOrUpdate(code, 1, (_, n) => n + 1);
        }
        catch (Exception)
        {
            // No answer (the connection dropped): whether it was stored is unknown, so this participant's state
            // is left out of the comparison with the store. It is not counted as acknowledged, nor as lost.
            Interlocked.Increment(ref _errors);
            who.Uncertain = true;
        }
        finally
        {
            who.Busy = false;
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// For every acknowledged interaction and every client: the time from sending it to that client's first batch
    /// that reaches its version. Also, per interaction, the time until the last client saw it.
    /// </summary>
    private static (Latency Seen, Latency Everyone) Latencies(Sent[] acked, Watcher[] watchers)
    {
        var ordered = acked.OrderBy(a => a.Version).ToArray();
        var slowest = new double[ordered.Length];
        var seen = new Histogram();
        var parts = new ConcurrentBag<Histogram>();
        Parallel.ForEach(watchers, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => new Histogram(),
            (watcher, _, local) =>
            {
                var arrivals = watcher.Arrivals;
                var at = 0;
                for (var i = 0; i < ordered.Length; i++)
                {
                    while (at < arrivals.Count && arrivals[at].To < ordered[i].Version)
                    {
                        at++;
                    }

                    if (at == arrivals.Count)
                    {
                        // Never seen: counted as the longest wait the histogram holds.
                        local.Add(60_000);
                        Max(ref slowest[i], 60_000);
                        continue;
                    }

                    var ms = Stopwatch.GetElapsedTime(ordered[i].SentAt, arrivals[at].At).TotalMilliseconds;
                    local.Add(ms);
                    Max(ref slowest[i], ms);
                }

                return local;
            },
            parts.Add);
        foreach (var part in parts)
        {
            seen.Add(part);
        }

        var everyone = new Histogram();
        foreach (var ms in slowest)
        {
            everyone.Add(ms);
        }

        return (seen.Summary(), everyone.Summary());

        static void Max(ref double slot, double value)
        {
            double current;
            while (value > (current = Volatile.Read(ref slot)) && Interlocked.CompareExchange(ref slot, value, current) != current)
            {
            }
        }
    }

    private static Latency AckLatency(Sent[] acked)
    {
        var histogram = new Histogram();
        foreach (var sent in acked)
        {
            histogram.Add(Stopwatch.GetElapsedTime(sent.SentAt, sent.AnsweredAt).TotalMilliseconds);
        }

        return histogram.Summary();
    }

    /// <summary>
    /// Reads the hub's store (its SQLite file read-only, or its PostgreSQL database): each acknowledged interaction is in the evidence at the version it
    /// was acknowledged with (and an asked question in the questions), the votes and members stored are what the
    /// participants were told, and the counts the projector shows are the stored ones.
    /// </summary>
    private StoreCheck ReadStore(Sent[] acked, Participant[] participants, long fromVersion, ConcurrentDictionary<long, (long Upvotes, long Members)> shown, bool projectorConverged)
    {
        using var connection = openStore();
        connection.Open();
        var evidence = new HashSet<(long, long, string)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT person_id, version, action FROM evidence WHERE version > @from";
            var from = command.CreateParameter();
            from.ParameterName = "from";
            from.Value = fromVersion;
            command.Parameters.Add(from);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                evidence.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        var questions = new HashSet<long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id FROM questions";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                questions.Add(reader.GetInt64(0));
            }
        }

        long lost = 0;
        foreach (var sent in acked)
        {
            var stored = evidence.Contains((sent.PersonId, sent.Version, sent.Action))
                && (sent.Action != "asked_question" || (sent.Id is { } id && questions.Contains(id)));
            if (!stored)
            {
                lost++;
            }
        }

        var mismatch = new List<string>();
        var votes = Pairs(connection, "SELECT person_id, proposal_id FROM proposal_votes");
        var members = Pairs(connection, "SELECT person_id, proposal_id FROM proposal_members");
        var uncertain = participants.Where(p => p.Uncertain).Select(p => p.PersonId).ToHashSet();
        votes.RemoveWhere(pair => uncertain.Contains(pair.Item1));
        members.RemoveWhere(pair => uncertain.Contains(pair.Item1));
        var toldVotes = participants.Where(p => !p.Uncertain).SelectMany(p => p.Upvoted.Select(id => (p.PersonId, id))).ToHashSet();
        var toldMembers = participants.Where(p => !p.Uncertain).SelectMany(p => p.Joined.Select(id => (p.PersonId, id))).ToHashSet();
        if (!votes.SetEquals(toldVotes))
        {
            mismatch.Add($"upvotes stored {votes.Count}, acknowledged {toldVotes.Count}");
        }

        if (!members.SetEquals(toldMembers))
        {
            mismatch.Add($"members stored {members.Count}, acknowledged {toldMembers.Count}");
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, upvotes, members FROM proposals";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                var counts = (reader.GetInt64(1), reader.GetInt64(2));
                if (projectorConverged && shown.TryGetValue(id, out var onScreen) && onScreen != counts)
                {
                    mismatch.Add($"proposal {id}: stored {counts}, the projector shows {onScreen}");
                }
            }
        }

        return new StoreCheck(acked.Length - lost, lost, mismatch.Count == 0, mismatch);
    }

    private static HashSet<(long, long)> Pairs(System.Data.Common.DbConnection connection, string sql)
    {
        var pairs = new HashSet<(long, long)>();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            pairs.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return pairs;
    }

    private static void Project(JsonElement batch, Watcher watcher, ConcurrentDictionary<long, (long, long)> counts, List<string> samples)
    {
        var to = batch.GetProperty("to").GetInt64();
        if (to <= watcher.LastTo)
        {
            return;
        }

        watcher.Seen(batch.GetProperty("from").GetInt64(), to);
        foreach (var change in batch.GetProperty("changes").EnumerateArray())
        {
            if (change.GetProperty("kind").GetString() == "proposal.counts")
            {
                var data = change.GetProperty("data");
                counts[data.GetProperty("id").GetInt64()] = (data.GetProperty("upvotes").GetInt64(), data.GetProperty("members").GetInt64());
            }
        }

        if (samples.Count < 2000 && batch.GetProperty("changes").GetArrayLength() > 1)
        {
            samples.Add(batch.GetRawText());
        }
    }

    private static string? Median(List<string> samples) =>
        samples.Count == 0 ? null : samples.OrderBy(s => s.Length).ElementAt(samples.Count / 2);

    private async Task<long> Invite(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites")
        {
            Content = JsonContent.Create(new { name = "Bench Stakeholder", organisation = "Bench" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", facilitatorToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var invited = (await response.Content.ReadFromJsonAsync<InvitedDto>(Clients.JsonOptions))!;
        return invited.Person.Id;
    }

    private sealed class Participant(int index, long personId, string token)
    {
        public int Index { get; } = index;

        public long PersonId { get; } = personId;

        public string Token { get; } = token;

        public HubConnection? Connection { get; set; }

        public Watcher Watcher { get; } = new();

        public HashSet<long> Upvoted { get; } = [];

        public HashSet<long> Joined { get; } = [];

        public int Asked { get; set; }

        /// <summary>The option this participant last chose in the poll-and-reaction mix.</summary>
        public int PollChoice { get; set; }

        public volatile bool Busy;

        public bool Uncertain { get; set; }

        public long LastSent { get; set; } = long.MinValue / 2;
    }

    private sealed record Sent(long PersonId, long Version, string Action, long? Id, long SentAt, long AnsweredAt);

    private sealed record StoreCheck(long InDatabase, long Lost, bool Matches, List<string> Mismatch);

    private sealed record PersonDto(long Id);

    private sealed record JoinedDto(string Token, PersonDto Person);

    private sealed record InvitedDto(PersonDto Person);
}

public sealed record HubResult(
    int Participants,
    int Connected,
    double JoinSeconds,
    double JoinsPerSecond,
    Latency JoinLatency,
    double ConnectSeconds,
    int Rate,
    double DurationSeconds,
    long Sent,
    long Deferred,
    long Acknowledged,
    double AckedPerSecond,
    long Refused,
    Dictionary<string, int> Refusals,
    long Errors,
    long InDatabase,
    long Lost,
    bool StoreMatchesClients,
    List<string> StoreMismatch,
    int Clients,
    int Converged,
    int Dropped,
    int Gaps,
    Latency AckLatency,
    Latency SeenLatency,
    Latency EveryoneLatency,
    double ServerCores,
    double ServerPeakCores,
    double ToolCores,
    long ServerPeakRssBytes,
    string? SamplePayload)
{
    /// <summary>Reactions a second asked beside the storm (0: none).</summary>
    public int ReactionsPerSecond { get; init; }

    public long ReactionsAnswered { get; init; }

    public long ReactionsRefused { get; init; }

    /// <summary>With several nodes (<c>--nodes</c>), each node's figures (node 1 first); the hub's figures are their sums.</summary>
    public List<NodeResult>? Nodes { get; init; }

    /// <summary>With several nodes, the redis-server of the backplane (not in the hub's sums).</summary>
    public NodeResult? Redis { get; init; }
}

/// <summary>
/// One process of several nodes during the storm: its name and address, the participants connected to it, its CPU
/// (mean and busiest second, in cores) and its peak memory (VmHWM).
/// </summary>
public sealed record NodeResult(string Name, string Address, int Participants, double Cores, double PeakCores, long PeakRssBytes);
