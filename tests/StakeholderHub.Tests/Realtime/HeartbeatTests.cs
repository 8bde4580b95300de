using System.Text.Json;
using StakeholderHub.Tests.Data;

namespace StakeholderHub.Tests.Realtime;

/// <summary>
/// On the shared store the event's broadcasting node sends an empty batch at the event's version when nothing changed
/// (the Redis backplane delivers at most once): a client that missed a batch finds out without waiting for the next change.
/// </summary>
public sealed class HeartbeatTests : IAsyncLifetime
{
    private HubServer _server = null!;

    public async Task InitializeAsync() => _server = await HubServer.Start(new() { ["Broadcast:HeartbeatSeconds"] = "1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [PostgresFact]
    public async Task AClientThatLostTheLastBatchCatchesUpFromTheHeartbeat()
    {
        await using var facilitator = await BoardClient.Connect(_server, _server.FacilitatorToken, "facilitator");
        await using var participant = await BoardClient.Connect(_server, (await _server.Join("Ana")).Token, "participant");
        await participant.WaitUntil(c => c.Version >= facilitator.Version, "the facilitator's version");

        // The broadcaster is live for this event (a fresh node takes the event on within a second and first replays
        // what it finds): a change reaches the participant in a batch before the test loses one.
        var warm = await facilitator.Call("SetModeration", true);
        await participant.WaitUntil(c => c.Raw.Any(raw => JsonDocument.Parse(raw).RootElement.TryGetProperty("to", out var to) && to.GetInt64() >= warm.Version),
            "a batch of the warm-up change");

        // The participant loses the batch of the last change; nothing changes after it.
        participant.Lose = 1;
        var syncsBefore = participant.Syncs;
        var changed = await facilitator.Call("SetModeration", false);
        await participant.WaitUntil(c => c.Lose == 0, "the batch it loses");
        Assert.True(participant.Version < changed.Version);

        // Only the empty batch at the event's version can tell it: it calls Sync and has the change.
        await participant.WaitUntil(c => c.Version >= changed.Version && c.Settings["moderation"]?.GetValue<bool>() == false,
            "the change it lost", timeoutMs: 8_000);
        Assert.True(participant.Syncs > syncsBefore);
        Assert.Contains(participant.Raw.Select(raw => JsonDocument.Parse(raw).RootElement), batch =>
            batch.TryGetProperty("from", out var from) && batch.TryGetProperty("to", out var to)
            && from.GetInt64() == changed.Version && to.GetInt64() == changed.Version && batch.GetProperty("changes").GetArrayLength() == 0);
    }
}
