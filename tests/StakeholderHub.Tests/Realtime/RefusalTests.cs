using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Realtime;

/// <summary>Each refusal answers with its code and changes nothing: the event's version and agenda stay as they were.</summary>
public sealed class RefusalTests : ServerTest
{
    private TestClient _facilitator = null!;
    private TestClient _participant = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _facilitator = await Server.Connect(Server.FacilitatorToken);
        _participant = await Server.Connect((await Server.Join()).Token);
    }

    public override async Task DisposeAsync()
    {
        await _participant.DisposeAsync();
        await _facilitator.DisposeAsync();
        await base.DisposeAsync();
    }

    public static TheoryData<string, object?[]> FacilitatorMethods => new()
    {
        { "AddAgendaItem", [new AgendaItemInput("Mine now", "", "", "talk", 5)] },
        { "EditAgendaItem", [1L, new AgendaItemInput("Mine now", "", "", "talk", 5)] },
        { "RemoveAgendaItem", [1L] },
        { "ReorderAgenda", [new long[] { 6, 5, 4, 3, 2, 1 }] },
        { "StartAgendaItem", [1L] },
        { "NextAgendaItem", [] },
        { "ExtendAgendaItem", [5] },
    };

    [Theory]
    [MemberData(nameof(FacilitatorMethods))]
    public async Task AParticipantCannotRunTheAgenda(string method, object?[] args)
    {
        await RefusedWithoutChange(_participant, "forbidden:", method, args);
    }

    [Fact]
    public async Task TheProjectorCannotRunTheAgendaEither()
    {
        await using var projector = await Server.Connect(Server.ProjectorToken);
        await RefusedWithoutChange(projector, "forbidden:", "NextAgendaItem");
    }

    [Theory]
    [InlineData("StartAgendaItem")]
    [InlineData("RemoveAgendaItem")]
    public async Task AnUnknownItemIsNotFound(string method)
    {
        await RefusedWithoutChange(_facilitator, "not_found:", method, 9999L);
    }

    [Fact]
    public async Task AnItemOfAnotherEventIsNotFound()
    {
        var other = await Server.CreateEvent("Lisbon study visit", "antwerp-afternoon");
        await using var otherFacilitator = await Server.Connect(other.FacilitatorToken);
        var foreignItem = otherFacilitator.Agenda!.Items[0].Id;

        await RefusedWithoutChange(_facilitator, "not_found:", "EditAgendaItem", foreignItem, new AgendaItemInput("Hijack", "", "", "talk", 5));
        Assert.Equal("CAP-City and CODEC: our vision for Learning EcoSystems", (await Server.Snapshot(other.FacilitatorToken)).Agenda.Items[0].Title);
    }

    public static TheoryData<AgendaItemInput?> BadItems => new()
    {
        new AgendaItemInput(new string('x', 121), "", "", "talk", 5),
        new AgendaItemInput("", "", "", "talk", 5),
        new AgendaItemInput("   ", "", "", "talk", 5),
        new AgendaItemInput("Title", new string('p', 81), "", "talk", 5),
        new AgendaItemInput("Title", "", new string('o', 121), "talk", 5),
        new AgendaItemInput("Title", "", "", "keynote", 5),
        new AgendaItemInput("Title", "", "", "talk", 0),
        new AgendaItemInput("Title", "", "", "talk", 241),
        new AgendaItemInput("Two\nlines", "", "", "talk", 5),
        null,
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task AnOverLongOrMalformedItemIsInvalid(AgendaItemInput? item)
    {
        await RefusedWithoutChange(_facilitator, "invalid:", "AddAgendaItem", item);
        await RefusedWithoutChange(_facilitator, "invalid:", "EditAgendaItem", _facilitator.Agenda!.Items[0].Id, item);
    }

    [Fact]
    public async Task AReorderThatDoesNotListEveryItemOnceIsInvalid()
    {
        var ids = _facilitator.Agenda!.Items.Select(i => i.Id).ToArray();
        await RefusedWithoutChange(_facilitator, "invalid:", "ReorderAgenda", ids[1..]);
        await RefusedWithoutChange(_facilitator, "invalid:", "ReorderAgenda", (long[])[ids[0], .. ids[..^1]]);
        await RefusedWithoutChange(_facilitator, "invalid:", "ReorderAgenda", (long[])[.. ids[..^1], 9999]);
        await RefusedWithoutChange(_facilitator, "invalid:", "ReorderAgenda", (object?)null);
    }

    [Fact]
    public async Task ExtendingNeedsACurrentItemAndSensibleMinutes()
    {
        await RefusedWithoutChange(_facilitator, "invalid:", "ExtendAgendaItem", 5);
        await _facilitator.Invoke<Ack>("StartAgendaItem", _facilitator.Agenda!.Items[0].Id);
        await RefusedWithoutChange(_facilitator, "invalid:", "ExtendAgendaItem", 0);
        await RefusedWithoutChange(_facilitator, "invalid:", "ExtendAgendaItem", -5);
        await RefusedWithoutChange(_facilitator, "invalid:", "ExtendAgendaItem", 121);
    }

    [Fact]
    public async Task TheCurrentItemCannotBeRemoved()
    {
        var current = _facilitator.Agenda!.Items[0].Id;
        await _facilitator.Invoke<Ack>("StartAgendaItem", current);
        await RefusedWithoutChange(_facilitator, "invalid:", "RemoveAgendaItem", current);
    }

    [Fact]
    public async Task SyncFromANegativeVersionIsInvalid()
    {
        await RefusedWithoutChange(_participant, "invalid:", "Sync", -1L);
    }

    [Fact]
    public async Task RefusedChangesQueuedAmongGoodOnesLeaveNoTraceAndNoGap()
    {
        // Good and bad changes reach the writer together and share its transactions; only the good ones count.
        var before = (await Server.Snapshot(Server.FacilitatorToken)).Version;
        var calls = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? _facilitator.Invoke<Ack>("AddAgendaItem", new AgendaItemInput($"Item {i}", "", "", "talk", 5))
            : _facilitator.Invoke<Ack>("RemoveAgendaItem", 9999L)).ToList();
        var results = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                return (Ack?)await call;
            }
            catch (HubException)
            {
                return null;
            }
        }));

        var acks = results.OfType<Ack>().ToList();
        Assert.Equal(20, acks.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => before + i), acks.Select(a => a.Version).Order());
        var snapshot = await Server.Snapshot(Server.FacilitatorToken);
        Assert.Equal(before + 20, snapshot.Version);
        Assert.Equal(6 + 20, snapshot.Agenda.Items.Count);
    }

    private async Task RefusedWithoutChange(TestClient client, string code, string method, params object?[] args)
    {
        var before = await Server.Snapshot(Server.FacilitatorToken);
        var error = await Assert.ThrowsAsync<HubException>(() => client.Invoke<object>(method, args));
        Assert.Contains($"HubException: {code} ", error.Message);
        var after = await Server.Snapshot(Server.FacilitatorToken);
        Assert.Equal(before.Version, after.Version);
        Assert.Equivalent(before.Agenda, after.Agenda, strict: true);
    }
}
