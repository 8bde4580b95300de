using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace StakeholderHub.Tests;

/// <summary>The answer to a change, read from the wire: the version it was committed as and the id it created.</summary>
public readonly record struct Acked(long Version, long? Id);

/// <summary>
/// A client of the proposal board and the Q&amp;A that follows docs/protocol.md through the wire's JSON only: it starts
/// from GET /api/snapshot, connects, calls Sync(version) once, applies every Changes batch in version order and
/// syncs on a gap; its own entries (Own batches, an answer's <c>changes</c>) it applies when they come, unless a newer
/// state of the same thing is already there (docs/protocol.md, "Own entries"). It keeps the raw text of everything the server sent it, so tests can look for what must
/// never reach it.
/// </summary>
public sealed class BoardClient : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private int _reconnects;

    private BoardClient(Uri baseUrl, string token, string label, IRetryPolicy? reconnect)
    {
        Token = token;
        Label = label;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions));
        if (reconnect is not null)
        {
            builder.WithAutomaticReconnect(reconnect);
        }

        Connection = builder.Build();
        // The synchronous part of Receive applies the batch, so batches are applied in the order they arrive.
        Connection.On<JsonElement>("Changes", batch => _ = Receive(batch));
        Connection.On<JsonElement>("Own", ReceiveOwn);
        if (reconnect is not null)
        {
            // As the protocol's client loop says: after a reconnect, Sync from the last version applied.
            Connection.Reconnected += async _ =>
            {
                Interlocked.Increment(ref _reconnects);
                try
                {
                    await Sync();
                }
                catch (Exception)
                {
                    // The connection dropped again; the next reconnect syncs again.
                }
            };
        }
    }

    /// <summary>How often an automatically reconnecting client (see <see cref="Connect(Uri, HttpClient, string, string, IRetryPolicy?)"/>) came back.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public string Token { get; }

    public string Label { get; }

    public HubConnection Connection { get; }

    public long Version { get; private set; }

    public JsonObject Me { get; private set; } = [];

    public long PersonId => Me["id"]!.GetValue<long>();

    public Dictionary<long, JsonObject> Proposals { get; } = [];

    /// <summary>The proposals in the order of the last snapshot (the board's ranking).</summary>
    public List<long> SnapshotOrder { get; private set; } = [];

    public Dictionary<long, JsonObject> Questions { get; } = [];

    public Dictionary<(long ProposalId, long PersonId), JsonObject> Members { get; } = [];

    public long? ScreenQuestionId { get; private set; }

    public JsonObject Mine { get; private set; } = [];

    public JsonObject Settings { get; private set; } = [];

    public long Participants { get; private set; }

    public Dictionary<long, JsonObject> Practices { get; } = [];

    /// <summary>Progress by participant: a participant's own, or everyone's for the facilitator.</summary>
    public Dictionary<long, JsonObject> Progress { get; } = [];

    public JsonObject? Reflection { get; private set; }

    public bool Closed { get; private set; }

    public JsonObject Rule { get; private set; } = [];

    public Dictionary<long, JsonObject> Polls { get; } = [];

    /// <summary>The results of each poll as this client last received them.</summary>
    public Dictionary<long, JsonObject> PollResults { get; } = [];

    /// <summary>This client's own answer to each poll.</summary>
    public Dictionary<long, JsonObject> PollMine { get; } = [];

    public long? ScreenPollId { get; private set; }

    /// <summary>Reaction counts by agenda item (0: none running).</summary>
    public Dictionary<long, JsonObject> Reactions { get; } = [];

    /// <summary>A poll's count for one option as this client has it, or -1.</summary>
    public long PollCount(long pollId, int option) =>
        PollResults.TryGetValue(pollId, out var results) && results["counts"] is JsonArray counts && option < counts.Count ? counts[option]!.GetValue<long>() : -1;

    /// <summary>A word cloud's groups as this client has them: text → count.</summary>
    public Dictionary<string, long> Cloud(long pollId) =>
        PollResults.TryGetValue(pollId, out var results) && results["words"] is JsonArray words
            ? words.ToDictionary(w => w!["text"]!.GetValue<string>(), w => w!["count"]!.GetValue<long>())
            : [];

    /// <summary>The steps of a participant's progress that are done, by key.</summary>
    public List<string> DoneSteps(long personId) =>
        Progress.TryGetValue(personId, out var progress)
            ? [.. progress["steps"]!.AsArray().Where(step => step!["done"]!.GetValue<bool>()).Select(step => step!["key"]!.GetValue<string>())]
            : [];

    public bool Eligible(long personId) => Progress.TryGetValue(personId, out var progress) && progress["eligible"]!.GetValue<bool>();

    /// <summary>The agenda's item ids in running order.</summary>
    public List<long> AgendaItemIds { get; private set; } = [];

    /// <summary>The agenda item now presenting, if any.</summary>
    public long? CurrentAgendaItemId { get; private set; }

    public int Syncs { get; private set; }

    /// <summary>The raw JSON text of every snapshot, batch, Own batch, answer and Sync answer this client received.</summary>
    public ConcurrentQueue<string> Raw { get; } = new();

    /// <summary>Every entry of every batch, Own batch, answer and Sync answer received, applied or not, as (version, kind, data).</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    public static Task<BoardClient> Connect(HubServer server, string token, string label) =>
        Connect(server.BaseUrl, server.Http, token, label);

    /// <summary>
    /// A client of the hub at <paramref name="baseUrl"/> (a server, or a proxy in front of several); with
    /// <paramref name="reconnect"/> it reconnects by itself (SignalR's automatic reconnect) and syncs when it is back.
    /// </summary>
    public static async Task<BoardClient> Connect(Uri baseUrl, HttpClient http, string token, string label, IRetryPolicy? reconnect = null)
    {
        var client = new BoardClient(baseUrl, token, label, reconnect);
        var snapshot = await BoardHttp.GetJson(http, token, "/api/snapshot");
        client.Raw.Enqueue(snapshot.GetRawText());
        lock (client._gate)
        {
            client.Reset(snapshot);
        }

        await client.Connection.StartAsync();
        // Anything committed between the snapshot and the connection is caught up here.
        await client.Sync();
        return client;
    }

    /// <summary>Calls a hub method; an answer with the caller's own entries (<c>changes</c>) is applied at once.</summary>
    public async Task<JsonElement> Invoke(string method, params object?[] args)
    {
        var result = await Connection.InvokeCoreAsync<JsonElement>(method, args);
        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
        {
            Raw.Enqueue(result.GetRawText());
            lock (_gate)
            {
                Record(result);
                ApplyOwn(changes);
            }
        }

        return result;
    }

    /// <summary>Calls a method that answers an Ack.</summary>
    public async Task<Acked> Call(string method, params object?[] args) => ReadAck(await Invoke(method, args));

    public static Acked ReadAck(JsonElement ack) => new(
        ack.GetProperty("version").GetInt64(),
        ack.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null);

    /// <summary>Calls a method that must be refused and answers the message after "HubException: ".</summary>
    public async Task<string> Refusal(string method, params object?[] args)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => Invoke(method, args));
        const string marker = "HubException: ";
        var at = error.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? error.Message : error.Message[(at + marker.Length)..];
    }

    public async Task<JsonElement> SyncRaw(long since)
    {
        var result = await Invoke("Sync", since);
        Raw.Enqueue(result.GetRawText());
        return result;
    }

    public async Task Sync()
    {
        await _syncing.WaitAsync();
        try
        {
            long since;
            lock (_gate)
            {
                since = Version;
            }

            var result = await Invoke("Sync", since);
            Raw.Enqueue(result.GetRawText());
            lock (_gate)
            {
                Syncs++;
                if (result.GetProperty("mode").GetString() == "snapshot")
                {
                    var snapshot = result.GetProperty("snapshot");
                    Record(snapshot);
                    if (snapshot.GetProperty("version").GetInt64() >= Version)
                    {
                        Reset(snapshot);
                    }
                }
                else
                {
                    var batch = result.GetProperty("batch");
                    Record(batch);
                    ApplyLocked(batch, sync: true);
                }
            }
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <summary>Polls this client's state until <paramref name="condition"/> holds; fails with <paramref name="what"/>.</summary>
    public async Task WaitUntil(Func<BoardClient, bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            lock (_gate)
            {
                if (condition(this))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"{Label} never reached: {what} (at version {Version})");
            }

            await Task.Delay(10);
        }
    }

    public Task WaitForVersion(long version) => WaitUntil(c => c.Version >= version, $"version {version}");

    /// <summary>Reads this client's state under its lock.</summary>
    public T Read<T>(Func<BoardClient, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

    public long Upvotes(long proposalId) => Count(Proposals, proposalId, "upvotes");

    public long MemberCount(long proposalId) => Count(Proposals, proposalId, "members");

    public long QuestionUpvotes(long questionId) => Count(Questions, questionId, "upvotes");

    public string? Status(Dictionary<long, JsonObject> copies, long id) =>
        copies.TryGetValue(id, out var copy) ? copy["status"]?.GetValue<string>() : null;

    public string? ProposalStatus(long id) => Status(Proposals, id);

    public string? QuestionStatus(long id) => Status(Questions, id);

    public int ActiveMembersOf(long proposalId) => Members.Keys.Count(key => key.ProposalId == proposalId);

    public List<long> MineIds(string list) =>
        Mine[list] is JsonArray array ? [.. array.Select(node => node!.GetValue<long>())] : [];

    public List<long> Memberships() =>
        Mine["memberships"] is JsonArray array ? [.. array.Select(node => node!["proposalId"]!.GetValue<long>())] : [];

    /// <summary>The entries received that name this question (or put it on the screen).</summary>
    public List<JsonObject> EntriesAboutQuestion(long questionId) =>
        [.. Received.Where(entry =>
        {
            var kind = entry["kind"]!.GetValue<string>();
            var data = entry["data"] as JsonObject;
            return (kind.StartsWith("question", StringComparison.Ordinal) && data?["id"]?.GetValue<long>() == questionId)
                || (kind == "screen" && data?["questionId"]?.GetValue<long>() == questionId)
                || (kind == "mine" && data?["askedQuestions"] is JsonArray asked && asked.Any(n => n!.GetValue<long>() == questionId))
                || (kind == "mine.question" && data?["questionId"]?.GetValue<long>() == questionId);
        })];

    private static long Count(Dictionary<long, JsonObject> copies, long id, string field) =>
        copies.TryGetValue(id, out var copy) && copy[field] is { } value ? value.GetValue<long>() : -1;

    /// <summary>How many of the next batches with entries to let fall, as a backplane that lost them would.</summary>
    public int Lose { get; set; }

    private async Task Receive(JsonElement batch)
    {
        Raw.Enqueue(batch.GetRawText());
        lock (_gate)
        {
            if (Lose > 0 && batch.GetProperty("changes").GetArrayLength() > 0)
            {
                Lose--;
                return;
            }
        }

        bool gap;
        lock (_gate)
        {
            Record(batch);
            gap = batch.GetProperty("from").GetInt64() > Version;
            if (!gap)
            {
                ApplyLocked(batch);
            }
        }

        if (gap)
        {
            try
            {
                await Sync();
            }
            catch (Exception)
            {
                // The connection is closing; a test that still waits will time out and say so.
            }
        }
    }

    private void ReceiveOwn(JsonElement batch)
    {
        Raw.Enqueue(batch.GetRawText());
        lock (_gate)
        {
            Record(batch);
            ApplyOwn(batch.GetProperty("changes"));
        }
    }

    /// <summary>
    /// The last version applied to each thing (a question, a proposal, one's `mine`), and whether it came as an own
    /// entry: an own entry arrives before or after the batch that covers its version, and must neither undo a newer
    /// state nor be undone by the group's view at its own version.
    /// </summary>
    private readonly Dictionary<string, (long Version, bool Own)> _appliedAt = [];

    /// <summary>Own entries newer than <see cref="Version"/>: a snapshot that replaces the state applies them again.</summary>
    private readonly List<JsonElement> _ownAhead = [];

    private long _snapshotVersion;

    private void ApplyOwn(JsonElement changes)
    {
        foreach (var change in changes.EnumerateArray())
        {
            var version = change.GetProperty("version").GetInt64();
            if (version > Version)
            {
                _ownAhead.Add(change.Clone());
            }

            Guarded(change, own: true, fromBatch: false);
        }
    }

    /// <summary>Applies an entry unless a newer state of its thing is there (or, for a batch's entry, the own view at its version).</summary>
    private void Guarded(JsonElement change, bool own, bool fromBatch)
    {
        var version = change.GetProperty("version").GetInt64();
        var kind = change.GetProperty("kind").GetString()!;
        var data = JsonNode.Parse(change.GetProperty("data").GetRawText())!;
        var key = KeyOf(kind, data);
        // An own entry the last snapshot already holds is old news.
        if ((own && version <= _snapshotVersion)
            || (_appliedAt.TryGetValue(key, out var at) && (at.Version > version || (fromBatch && at.Version == version && at.Own))))
        {
            return;
        }

        _appliedAt[key] = (version, own);
        Apply(kind, data);
    }

    /// <summary>What an entry updates, the same way the web client names it (web/src/state.ts, entryKey).</summary>
    public static string KeyOf(string kind, JsonNode data)
    {
        string Id(string field) => data[field]?.ToJsonString() ?? "";
        return kind switch
        {
            "question" or "question.counts" or "question.removed" => $"question:{Id("id")}",
            "proposal" or "proposal.counts" or "proposal.removed" => $"proposal:{Id("id")}",
            "practice" or "practice.removed" => $"practice:{Id("id")}",
            "member" => $"member:{Id("proposalId")}:{Id("personId")}",
            "progress" => $"progress:{Id("personId")}",
            "person.joined" => $"person:{Id("id")}",
            "poll" or "poll.removed" => $"poll:{Id("id")}",
            "poll.results" => $"poll.results:{Id("id")}",
            "poll.mine" => $"poll.mine:{Id("pollId")}",
            "mine.proposal" => $"mine.proposal:{Id("proposalId")}",
            "mine.question" => $"mine.question:{Id("questionId")}",
            "my.proposal" or "my.proposal.removed" => $"my.proposal:{Id("proposalId")}",
            _ => kind,
        };
    }

    private void Record(JsonElement holder)
    {
        var list = holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("changes", out var changes) ? changes : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var change in list.EnumerateArray())
        {
            Received.Enqueue(JsonNode.Parse(change.GetRawText())!.AsObject());
        }
    }

    private void ApplyLocked(JsonElement batch, bool sync = false)
    {
        var to = batch.GetProperty("to").GetInt64();
        if (to <= Version)
        {
            return;
        }

        // A Sync answer carries own entries inline, in the server's order; a Changes batch never does.
        var fromBatch = !sync;
        foreach (var change in batch.GetProperty("changes").EnumerateArray())
        {
            if (change.GetProperty("version").GetInt64() > Version)
            {
                Guarded(change, own: false, fromBatch);
            }
        }

        Version = to;
        _ownAhead.RemoveAll(change => change.GetProperty("version").GetInt64() <= Version);
    }

    private void Apply(string kind, JsonNode data)
    {
        switch (kind)
        {
            case "attendance":
                Participants = data["participants"]!.GetValue<long>();
                break;
            case "agenda":
                AgendaItemIds = ItemIds(data);
                CurrentAgendaItemId = data["currentId"]?.GetValue<long>();
                break;
            case "settings":
                Settings = data.AsObject();
                break;
            case "proposal":
                Proposals[data["id"]!.GetValue<long>()] = data.AsObject();
                break;
            case "proposal.counts":
                if (Proposals.TryGetValue(data["id"]!.GetValue<long>(), out var proposal))
                {
                    proposal["upvotes"] = data["upvotes"]!.GetValue<long>();
                    proposal["members"] = data["members"]!.GetValue<long>();
                }

                break;
            case "member":
                var key = (data["proposalId"]!.GetValue<long>(), data["personId"]!.GetValue<long>());
                if (data["active"]?.GetValue<bool>() == false)
                {
                    Members.Remove(key);
                }
                else
                {
                    Members[key] = data.AsObject();
                }

                break;
            case "question":
                Questions[data["id"]!.GetValue<long>()] = data.AsObject();
                break;
            case "question.counts":
                if (Questions.TryGetValue(data["id"]!.GetValue<long>(), out var question))
                {
                    question["upvotes"] = data["upvotes"]!.GetValue<long>();
                }

                break;
            case "question.removed":
                Questions.Remove(data["id"]!.GetValue<long>());
                break;
            case "proposal.removed":
                Proposals.Remove(data["id"]!.GetValue<long>());
                break;
            case "screen":
                ScreenQuestionId = data["questionId"]?.GetValue<long>();
                break;
            case "mine":
                Mine = data.AsObject();
                break;
            case "mine.proposal":
            {
                var proposalId = data["proposalId"]!.GetValue<long>();
                Mine["upvotedProposals"] = Toggled(Mine["upvotedProposals"], proposalId, data["upvoted"]!.GetValue<bool>());
                var memberships = new JsonArray([.. (Mine["memberships"] as JsonArray ?? [])
                    .Where(m => m!["proposalId"]!.GetValue<long>() != proposalId).Select(m => m!.DeepClone())]);
                if (data["membership"] is JsonObject membership)
                {
                    memberships.Add(membership.DeepClone());
                }

                Mine["memberships"] = memberships;
                break;
            }

            case "mine.question":
            {
                var questionId = data["questionId"]!.GetValue<long>();
                Mine["upvotedQuestions"] = Toggled(Mine["upvotedQuestions"], questionId, data["upvoted"]!.GetValue<bool>());
                Mine["askedQuestions"] = Toggled(Mine["askedQuestions"], questionId, data["asked"]!.GetValue<bool>());
                break;
            }

            case "practice":
                Practices[data["id"]!.GetValue<long>()] = data.AsObject();
                break;
            case "practice.removed":
                Practices.Remove(data["id"]!.GetValue<long>());
                break;
            case "reflection":
                Reflection = data.AsObject();
                break;
            case "progress":
                Progress[data["personId"]!.GetValue<long>()] = data.AsObject();
                break;
            case "event.status":
                Closed = data["closed"]!.GetValue<bool>();
                break;
            case "badge.rule":
                Rule = data.AsObject();
                break;
            case "poll":
                Polls[data["id"]!.GetValue<long>()] = data.AsObject();
                break;
            case "poll.results":
                PollResults[data["id"]!.GetValue<long>()] = data.AsObject();
                break;
            case "poll.mine":
                PollMine[data["pollId"]!.GetValue<long>()] = data.AsObject();
                break;
            case "poll.screen":
                ScreenPollId = data["pollId"]?.GetValue<long>();
                break;
            case "reactions":
                Reactions[data["agendaItemId"]!.GetValue<long>()] = data.AsObject();
                break;
        }
    }

    /// <summary>The id list with <paramref name="id"/> in it (once) when <paramref name="on"/>, without it otherwise.</summary>
    private static JsonArray Toggled(JsonNode? list, long id, bool on)
    {
        var ids = (list as JsonArray ?? []).Select(node => node!.GetValue<long>()).Where(item => item != id).ToList();
        if (on)
        {
            ids.Add(id);
        }

        return new JsonArray([.. ids.Select(item => (JsonNode)item)]);
    }

    private static List<long> ItemIds(JsonNode? agenda) =>
        agenda?["items"] is JsonArray items ? [.. items.Select(item => item!["id"]!.GetValue<long>())] : [];

    private void Reset(JsonElement snapshot)
    {
        var node = JsonNode.Parse(snapshot.GetRawText())!;
        Version = node["version"]!.GetValue<long>();
        Me = node["me"]!.AsObject();
        Participants = node["attendance"]?["participants"]?.GetValue<long>() ?? 0;
        AgendaItemIds = ItemIds(node["agenda"]);
        CurrentAgendaItemId = node["agenda"]?["currentId"]?.GetValue<long>();
        Settings = node["settings"] as JsonObject ?? [];
        Mine = node["mine"] as JsonObject ?? [];
        ScreenQuestionId = node["screen"]?["questionId"]?.GetValue<long>();
        Proposals.Clear();
        SnapshotOrder = [];
        foreach (var proposal in node["proposals"] as JsonArray ?? [])
        {
            var id = proposal!["id"]!.GetValue<long>();
            Proposals[id] = proposal.AsObject();
            SnapshotOrder.Add(id);
        }

        Questions.Clear();
        foreach (var question in node["questions"] as JsonArray ?? [])
        {
            Questions[question!["id"]!.GetValue<long>()] = question.AsObject();
        }

        Practices.Clear();
        foreach (var practice in node["practices"] as JsonArray ?? [])
        {
            Practices[practice!["id"]!.GetValue<long>()] = practice.AsObject();
        }

        Progress.Clear();
        foreach (var progress in node["progress"] as JsonArray ?? [])
        {
            Progress[progress!["personId"]!.GetValue<long>()] = progress.AsObject();
        }

        Reflection = node["reflection"] as JsonObject;
        Closed = node["status"]?["closed"]?.GetValue<bool>() ?? false;
        Rule = node["rule"] as JsonObject ?? [];

        Polls.Clear();
        PollResults.Clear();
        PollMine.Clear();
        Reactions.Clear();
        var activity = node["activity"];
        foreach (var poll in activity?["polls"] as JsonArray ?? [])
        {
            Polls[poll!["id"]!.GetValue<long>()] = poll.AsObject();
        }

        foreach (var results in activity?["results"] as JsonArray ?? [])
        {
            PollResults[results!["id"]!.GetValue<long>()] = results.AsObject();
        }

        foreach (var vote in activity?["mine"] as JsonArray ?? [])
        {
            PollMine[vote!["pollId"]!.GetValue<long>()] = vote.AsObject();
        }

        foreach (var reactions in activity?["reactions"] as JsonArray ?? [])
        {
            Reactions[reactions!["agendaItemId"]!.GetValue<long>()] = reactions.AsObject();
        }

        ScreenPollId = activity?["screen"]?["pollId"]?.GetValue<long>();

        Members.Clear();
        foreach (var member in node["members"] as JsonArray ?? [])
        {
            Members[(member!["proposalId"]!.GetValue<long>(), member["personId"]!.GetValue<long>())] = member.AsObject();
        }

        // Own entries newer than the snapshot are not in it: they apply again on top.
        _appliedAt.Clear();
        _snapshotVersion = Version;
        var ahead = _ownAhead.Where(change => change.GetProperty("version").GetInt64() > Version).ToList();
        _ownAhead.Clear();
        ApplyOwn(JsonSerializer.SerializeToElement(ahead));
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

/// <summary>HTTP calls of the board's tests, read as JSON.</summary>
public static class BoardHttp
{
    public static Task<HttpResponseMessage> Get(HubServer server, string? token, string path) => Get(server.Http, token, path);

    public static async Task<HttpResponseMessage> Get(HttpClient http, string? token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    public static Task<JsonElement> GetJson(HubServer server, string token, string path) => GetJson(server.Http, token, path);

    public static async Task<JsonElement> GetJson(HttpClient http, string token, string path)
    {
        var response = await Get(http, token, path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"GET {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> Post(HubServer server, string? token, string path, object body) => Post(server.Http, token, path, body);

    /// <summary>A POST with an empty JSON body whose answer the test reads itself (a refusal included).</summary>
    public static async Task<HttpResponseMessage> PostRaw(HubServer server, string? token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await server.Http.SendAsync(request);
    }

    public static async Task<JsonElement> Post(HttpClient http, string? token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Someone with a token: a participant who joined or a stakeholder who was invited.</summary>
public sealed record Someone(string Token, long Id, string Name);

/// <summary>
/// The people, proposals and questions of a board test, on one running hub: joining, inviting, connecting, and
/// reading the store directly.
/// </summary>
public sealed class Room : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private Room(HubServer server) => Server = server;

    public HubServer Server { get; }

    public static async Task<Room> Start(Dictionary<string, string?>? settings = null, TimeProvider? clock = null) =>
        new(await HubServer.Start(settings, clock: clock));

    /// <summary>A room on a hub already started (with a log, say); disposing the room stops the hub.</summary>
    public static Room On(HubServer server) => new(server);


    public long EventId => Server.DefaultEvent.Event.Id;

    public async Task<Someone> Join(string name, string organisation = "CAP-City", string country = "BE", string? email = null, bool badgeEmail = false)
    {
        var joined = await BoardHttp.Post(Server, null, "/api/join",
            new { code = Server.JoinCode, name, organisation, country, email, badgeEmail });
        return new Someone(joined.GetProperty("token").GetString()!, joined.GetProperty("person").GetProperty("id").GetInt64(), name);
    }

    public async Task<Someone> Invite(string name, string organisation = "Stad Antwerpen", string? facilitatorToken = null)
    {
        var invited = await BoardHttp.Post(Server, facilitatorToken ?? Server.FacilitatorToken, "/api/invites", new { name, organisation });
        return new Someone(HubServer.TokenOf(invited.GetProperty("link").GetString()!), invited.GetProperty("person").GetProperty("id").GetInt64(), name);
    }

    public async Task<BoardClient> Connect(string token, string label)
    {
        var client = await BoardClient.Connect(Server, token, label);
        lock (_owned)
        {
            _owned.Add(client);
        }

        return client;
    }

    public Task<BoardClient> Connect(Someone someone) => Connect(someone.Token, someone.Name);

    /// <summary>A connection that only connects: no snapshot and no Sync, so it has made no hub call yet.</summary>
    public async Task<HubConnection> Bare(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        lock (_owned)
        {
            _owned.Add(connection);
        }

        return connection;
    }

    /// <summary>
    /// <paramref name="count"/> participants who join at once and connect fifty at a time (as the load tool does: a
    /// crowd's tests are about what it does once connected; reconnect storms have their own tests).
    /// </summary>
    public async Task<BoardClient[]> Crowd(int count, string prefix = "Participant")
    {
        var people = await Task.WhenAll(Enumerable.Range(1, count).Select(i => Join($"{prefix} {i}")));
        using var gate = new SemaphoreSlim(50);
        return await Task.WhenAll(people.Select(async person =>
        {
            await gate.WaitAsync();
            try
            {
                return await Connect(person);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static Dictionary<string, object?> ProposalInput(string title = "Open Badges for youth workers", params (string Field, object? Value)[] changes)
    {
        var input = new Dictionary<string, object?>
        {
            ["title"] = title,
            ["summary"] = "A two-year Erasmus+ KA2 partnership.\nWe map non-formal learning to badges.",
            ["partnersSought"] = "A youth centre in Portugal",
            ["countries"] = new[] { "BE", "PT" },
            ["themes"] = new[] { "recognition", "youth-participation" },
            ["tags"] = new[] { "open-badges", "ka2" },
            ["agendaItemId"] = null,
            ["ownerId"] = null,
            ["requestId"] = null,
        };
        foreach (var (field, value) in changes)
        {
            input[field] = value;
        }

        return input;
    }

    public static Dictionary<string, object?> Membership(string intent = "partner", string note = "", bool? shareContact = false, string? email = null)
    {
        var input = new Dictionary<string, object?> { ["intent"] = intent, ["note"] = note, ["email"] = email };
        if (shareContact is not null)
        {
            input["shareContact"] = shareContact;
        }

        return input;
    }

    public static object QuestionInput(string text, string kind = "room", long? id = null, bool anonymous = false, string? requestId = null) =>
        new { text, target = new { kind, id }, anonymous, requestId };

    public static object Answer(string? text, bool live = false) => new { text, live };

    /// <summary>A connection to the room's store, SQLite or PostgreSQL (<see cref="TestStore"/>), not yet open.</summary>
    public System.Data.Common.DbConnection Db() => Server.Db();

    public long Scalar(string sql, object? args = null)
    {
        using var db = Db();
        return db.ExecuteScalar<long>(sql, args);
    }

    public T Scalar<T>(string sql, object? args = null)
    {
        using var db = Db();
        return db.ExecuteScalar<T>(sql, args)!;
    }

    public long EventVersion() => Scalar("SELECT version FROM events WHERE id = @EventId", new { EventId });

    public List<(long PersonId, string Action, string? SubjectKind, long? SubjectId, long Version)> Evidence(params long[] people)
    {
        using var db = Db();
        return [.. db.Query<(long, string, string?, long?, long)>(
            $"SELECT person_id, action, subject_kind, subject_id, version FROM evidence WHERE {(TestStore.Postgres ? "person_id = ANY(@People)" : "person_id IN @People")} ORDER BY id",
            new { People = people })];
    }

    /// <summary>
    /// Every row of every table, as text: two dumps are equal when the store did not change. The broadcaster's own
    /// bookkeeping on the shared store (which connections are where, what has been sent) moves by itself and is not
    /// part of what a change stores.
    /// </summary>
    public string Dump(params string[] except)
    {
        using var db = Db();
        db.Open();
        var text = new StringBuilder();
        foreach (var table in Server.Store.Tables().Except(["connections", "broadcasts", .. except]))
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i)))));
            }

            rows.Sort(StringComparer.Ordinal);
            text.Append("## ").AppendLine(table);
            foreach (var row in rows)
            {
                text.AppendLine(row);
            }
        }

        return text.ToString();
    }

    /// <summary>The call is refused with <paramref name="code"/> (such as "invalid:") and the store is exactly as before.</summary>
    public async Task<string> RefusedWithoutChange(BoardClient client, string code, string method, params object?[] args)
    {
        var before = Dump();
        var message = await client.Refusal(method, args);
        Assert.True(message.StartsWith(code + " ", StringComparison.Ordinal), $"{method} by {client.Label}: expected {code} but got \"{message}\"");
        Assert.Equal(before, Dump());
        return message;
    }

    public async Task<long> CreateProposal(BoardClient by, Dictionary<string, object?>? input = null) =>
        (await by.Call("CreateProposal", input ?? ProposalInput())).Id!.Value;

    public async Task<long> Ask(BoardClient by, object question) => (await by.Call("AskQuestion", question)).Id!.Value;

    public static Task AllReach(IEnumerable<BoardClient> clients, Func<BoardClient, bool> condition, string what) =>
        Task.WhenAll(clients.Select(client => client.WaitUntil(condition, what)));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_owned.Select(async owned => await owned.DisposeAsync()));
        await Server.DisposeAsync();
    }
}

/// <summary>A test class with its own room (a hub on a fresh data folder) for each test.</summary>
public abstract class BoardTest : IAsyncLifetime
{
    protected Room Room { get; private set; } = null!;

    protected HubServer Server => Room.Server;

    protected virtual Dictionary<string, string?>? Settings => null;

    /// <summary>The hub's clock, when the test moves it (<see cref="MovableClock"/>).</summary>
    protected virtual TimeProvider? Clock => null;

    public virtual async Task InitializeAsync() => Room = await Room.Start(Settings, Clock);

    public virtual async Task DisposeAsync() => await Room.DisposeAsync();
}

/// <summary>
/// One room shared by a class of refusal tests (a refused call changes nothing, so they cannot disturb each other):
/// the facilitator, a proposal's owner, another stakeholder, two participants, the projector, a published
/// question to the proposal, a pending one, a dismissed one, and another event with its own proposal and question.
/// The rate limit is lifted so that many refusals in a row stay what they are.
/// </summary>
public sealed class Scene : IAsyncLifetime
{
    public Room Room { get; private set; } = null!;

    public BoardClient Facilitator { get; private set; } = null!;

    public BoardClient Owner { get; private set; } = null!;

    public BoardClient OtherStakeholder { get; private set; } = null!;

    public BoardClient Asker { get; private set; } = null!;

    public BoardClient Participant { get; private set; } = null!;

    public BoardClient Projector { get; private set; } = null!;

    public long Proposal { get; private set; }

    public long Published { get; private set; }

    public long Pending { get; private set; }

    public long Dismissed { get; private set; }

    public long ForeignProposal { get; private set; }

    public long ForeignQuestion { get; private set; }

    public long ForeignAgendaItem { get; private set; }

    public long ForeignStakeholder { get; private set; }

    public async Task InitializeAsync()
    {
        Room = await Room.Start(new() { ["RateLimit:Burst"] = "100000", ["RateLimit:PerSecond"] = "100000" });
        Facilitator = await Room.Connect(Room.Server.FacilitatorToken, "facilitator");
        Owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        OtherStakeholder = await Room.Connect(await Room.Invite("Marta Silva", "Lisbon City of Learning"));
        Asker = await Room.Connect(await Room.Join("Ana Peeters"));
        Participant = await Room.Connect(await Room.Join("Bram Claes"));
        Projector = await Room.Connect(Room.Server.ProjectorToken, "projector");
        Proposal = await Room.CreateProposal(Owner);
        Published = await Room.Ask(Asker, Room.QuestionInput("Who pays for the travel?", "proposal", Proposal));
        Dismissed = await Room.Ask(Asker, Room.QuestionInput("Off topic?"));
        await Facilitator.Call("DismissQuestion", Dismissed);
        await Facilitator.Call("SetModeration", true);
        Pending = await Room.Ask(Participant, Room.QuestionInput("Is Kosovo eligible?", "proposal", Proposal));

        var other = await Room.Server.CreateEvent("Lisbon study visit", "antwerp-afternoon");
        var foreignFacilitator = await Room.Connect(other.FacilitatorToken, "facilitator of the other event");
        var foreign = await Room.Invite("Pedro Alves", "Lisboa", other.FacilitatorToken);
        var foreignOwner = await Room.Connect(foreign);
        ForeignStakeholder = foreign.Id;
        ForeignAgendaItem = foreignFacilitator.Read(c => c.AgendaItemIds[0]);
        ForeignProposal = await Room.CreateProposal(foreignOwner);
        ForeignQuestion = await Room.Ask(foreignOwner, Room.QuestionInput("Anyone from Porto?"));
    }

    public async Task DisposeAsync() => await Room.DisposeAsync();
}

/// <summary>Reads the exports' CSV: fields in double quotes, quotes doubled, line breaks allowed inside quotes.</summary>
public static class Csv
{
    public sealed record Table(List<string[]> Rows, bool EveryFieldQuoted, bool ByteOrderMark);

    public static async Task<Table> Read(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = new UTF8Encoding(false).GetString(bom ? bytes[3..] : bytes);
        return Parse(text) with { ByteOrderMark = bom };
    }

    public static Table Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = true;
        var inQuotes = false;
        var fieldStarted = false;
        var i = 0;
        void EndField()
        {
            row.Add(field.ToString());
            field.Clear();
            fieldStarted = false;
        }

        while (i < text.Length)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (ch == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && !fieldStarted)
            {
                inQuotes = true;
                fieldStarted = true;
            }
            else if (ch == ',')
            {
                if (!fieldStarted)
                {
                    quoted = false;
                }

                EndField();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                if (!fieldStarted && row.Count > 0)
                {
                    quoted = false;
                }

                if (fieldStarted || row.Count > 0)
                {
                    EndField();
                    rows.Add([.. row]);
                    row.Clear();
                }
            }
            else
            {
                // Text outside quotes: the field was not quoted.
                quoted = false;
                fieldStarted = true;
                field.Append(ch);
            }

            i++;
        }

        if (fieldStarted || row.Count > 0)
        {
            EndField();
            rows.Add([.. row]);
        }

        return new Table(rows, quoted, false);
    }
}
