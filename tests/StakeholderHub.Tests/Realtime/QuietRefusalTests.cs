using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using StakeholderHub.Agenda;

namespace StakeholderHub.Tests.Realtime;

/// <summary>
/// Refusals are the protocol working, not errors: a fuzz-ish run of hundreds of refused calls and requests logs
/// nothing at warning or above, and the hub's counters (one Meter, "StakeholderHub") move.
/// </summary>
public sealed class QuietRefusalTests
{
    [Fact]
    public async Task ManyRefusedCallsLogNothingAtWarningOrAboveAndTheCountersMove()
    {
        using var counters = new Counters();
        var log = new TestLog();
        await using var room = Room.On(await HubServer.Start(new()
        {
            ["Hub:IssuerEmail"] = "badges@citiesoflearning.example",
            ["RateLimit:Burst"] = "5",
            ["RateLimit:PerSecond"] = "1",
        }, log: log));
        var server = room.Server;
        var participant = await room.Bare((await room.Join("Ana Peeters")).Token);
        var facilitator = await room.Bare(server.FacilitatorToken);
        // What the start logs (appsettings.json keeps a Data Protection notice out of the real log) is not the point.
        var started = log.Entries.Count;
        var random = new Random(20);
        var refused = 0;
        var coded = 0;
        (string Method, object?[] Args)[] calls =
        [
            ("NextAgendaItem", []),
            ("RemoveAgendaItem", [9_999L]),
            ("UpvoteProposal", [9_999L]),
            ("AskQuestion", [new { text = "", target = "room" }]),
            ("AddAgendaItem", [new AgendaItemInput("", "", "", "talk", -5)]),
            ("RevokeBadge", ["nope", "why"]),
            ("ClaimBadge", [new { email = "not an address" }]),
        ];

        for (var i = 0; i < 300; i++)
        {
            var (method, args) = calls[random.Next(calls.Length)];
            var caller = random.Next(3) == 0 ? facilitator : participant;
            try
            {
                await caller.InvokeCoreAsync<JsonElement>(method, args);
            }
            catch (HubException error)
            {
                refused++;
                // A refusal of the hub's has its code; SignalR's own (arguments it cannot bind) never reach the hub.
                coded += error.Message.Contains("HubException: ", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        for (var i = 0; i < 50; i++)
        {
            using var join = await server.Http.PostAsJsonAsync("/api/join", new { code = "NOPE99", name = "", organisation = "", country = "XX" });
            using var badge = await server.Http.GetAsync($"/badges/{new string('A', 24)}");
            using var snapshot = await server.Http.GetAsync("/api/snapshot");
        }

        Assert.True(refused > 250 && coded > 200, $"{refused} of 300 calls were refused, {coded} by the hub");
        var loud = log.Entries.Skip(started).Where(entry => entry.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, "logged at warning or above:\n" + string.Join("\n", loud.Take(5)));
        // Refusals are there for whoever turns debug on.
        Assert.Contains(log.Entries, entry => entry.Level == LogLevel.Debug && entry.Message.Contains("forbidden:", StringComparison.Ordinal));

        // Other tests' hubs in this process count into the same Meter: at least, not exactly.
        Assert.True(counters.Sum("stakeholderhub.hub.calls") >= coded, $"hub calls counted: {counters.Sum("stakeholderhub.hub.calls")} of {coded}");
        Assert.True(counters.Sum("stakeholderhub.hub.refusals") >= coded, $"refusals counted: {counters.Sum("stakeholderhub.hub.refusals")} of {coded}");
        Assert.True(counters.Sum("stakeholderhub.hub.refusals", ("code", "forbidden")) >= 1, "forbidden refusals counted by code");
        Assert.True(counters.Sum("stakeholderhub.hub.refusals", ("code", "rate_limited")) >= 1, "rate limited refusals counted by code");
        Assert.True(counters.Sum("stakeholderhub.hub.refusals", ("code", "not_found")) >= 1, "not found refusals counted by code");

        // An accepted change: a commit timed, a batch broadcast, the queue's depth observed.
        var ack = await facilitator.InvokeCoreAsync<JsonElement>("SetModeration", [true]);
        await Task.Delay(500);
        Assert.True(counters.Count("stakeholderhub.writer.commit.duration") >= 1, "writer commits timed");
        Assert.True(counters.Sum("stakeholderhub.broadcast.batches") >= 1, "batches counted");
        counters.Observe();
        Assert.True(counters.Count("stakeholderhub.writer.queue.depth") >= 1, "queue depth observed");
    }

    /// <summary>A MeterListener on the hub's Meter: every measurement with its tags.</summary>
    private sealed class Counters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _seen = [];

        public Counters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "StakeholderHub")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public double Sum(string name, (string Key, string Value)? tag = null)
        {
            lock (_seen)
            {
                return _seen.Where(m => m.Name == name && (tag is not { } t || m.Tags.Any(p => p.Key == t.Key && Equals(p.Value, t.Value))))
                    .Sum(m => m.Value);
            }
        }

        public int Count(string name)
        {
            lock (_seen)
            {
                return _seen.Count(m => m.Name == name);
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = tags.ToArray();
            lock (_seen)
            {
                _seen.Add((name, value, copy));
            }
        }
    }
}
