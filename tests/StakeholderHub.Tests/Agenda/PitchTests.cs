using System.Text.Json;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Agenda;

/// <summary>
/// The run of show inside an agenda item: pitches start, advance, extend and reorder with versions and Sync like
/// agenda items; a question asked to "now" lands on the proposal being pitched; the question on the screen comes off
/// when the run of show moves on unless it is pinned.
/// </summary>
public sealed class PitchTests : IAsyncLifetime
{
    private Room _room = null!;

    public async Task InitializeAsync() => _room = await Room.Start();

    public async Task DisposeAsync() => await _room.DisposeAsync();

    private HubServer Server => _room.Server;

    [Fact]
    public async Task PitchesStartAdvanceExtendAndReorderWithVersionsAndSync()
    {
        var speaker = await _room.Invite("Jan Janssens", "Stad Antwerpen");
        await using var stakeholder = await Server.Connect(speaker.Token);
        var proposalId = (await stakeholder.Invoke<Ack>("CreateProposal", Room.ProposalInput("Badges in every youth centre"))).Id!.Value;
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        await using var ana = await Server.Connect((await Server.Join("Ana")).Token);
        var block = facilitator.Agenda!.Items.Single(item => item.Kind == "proposals");

        var first = (await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput(null, proposalId, null, null, 4))).Id!.Value;
        var second = (await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("Lisbon City of Learning", null, null, "Marta Silva", 3))).Id!.Value;
        var third = (await facilitator.Invoke<Ack>("AddPitch", block.Id, new PitchInput("Ghent youth work lab", null, null, "Eva", 2))).Id!.Value;
        await facilitator.Invoke<Ack>("ReorderPitches", block.Id, new[] { third, first, second });
        var reordered = await facilitator.Invoke<Ack>("ReorderPitches", block.Id, new[] { first, second, third });
        await ana.WaitUntil(c => c.Version >= reordered.Version);
        var pitches = ana.Agenda!.Items.Single(item => item.Id == block.Id).Pitches;
        Assert.Equal([first, second, third], pitches.Select(p => p.Id));
        Assert.Equal([1, 2, 3], pitches.Select(p => p.Position));
        // A proposal's pitch carries the proposal's title and its owner as the speaker.
        Assert.Equal(("Badges in every youth centre", speaker.Id, "Jan Janssens"), (pitches[0].Title, pitches[0].SpeakerId, pitches[0].Speaker));

        var before = DateTimeOffset.UtcNow;
        var started = await facilitator.Invoke<Ack>("StartAgendaItem", block.Id);
        await ana.WaitUntil(c => c.Version >= started.Version);
        Assert.Equal((block.Id, first), (ana.Agenda!.CurrentId, ana.Agenda.CurrentPitchId));
        var running = Pitch(ana, first);
        Assert.Equal(TimeSpan.FromMinutes(4), running.EndsAt - running.StartedAt);
        Assert.InRange(running.StartedAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        var extended = await facilitator.Invoke<Ack>("ExtendPitch", 2);
        await ana.WaitUntil(c => c.Version >= extended.Version);
        Assert.Equal(running.EndsAt!.Value.AddMinutes(2), Pitch(ana, first).EndsAt);
        Assert.Equal(block.PlannedMinutes + 2, (ana.Current!.EndsAt - ana.Current.StartedAt)!.Value.TotalMinutes);

        var version = ana.Version;
        await facilitator.Invoke<Ack>("NextAgendaItem");
        await facilitator.Invoke<Ack>("NextAgendaItem");
        var afterLast = await facilitator.Invoke<Ack>("NextAgendaItem");
        await ana.WaitUntil(c => c.Version >= afterLast.Version);
        // After its last pitch the item stays on, for questions; every pitch is done, in order.
        Assert.Equal((block.Id, (long?)null), (ana.Agenda!.CurrentId, ana.Agenda.CurrentPitchId));
        Assert.All(ana.Agenda.Items.Single(i => i.Id == block.Id).Pitches, p => Assert.Equal("done", p.Status));
        Assert.True(Pitch(ana, first).EndedAt <= Pitch(ana, second).StartedAt && Pitch(ana, second).EndedAt <= Pitch(ana, third).StartedAt);
        var batches = ana.Batches.Select(b => (b.From, b.To)).ToList();
        Assert.All(batches.Zip(batches.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));

        // A client that was away since before the pitches ran gets the same run of show from Sync.
        await using var late = await Server.Connect(Server.FacilitatorToken);
        var sync = await late.Connection.InvokeAsync<JsonElement>("Sync", version);
        Assert.Equal("changes", sync.GetProperty("mode").GetString());
        var agendas = sync.GetProperty("batch").GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "agenda").ToList();
        Assert.Equal(3, agendas.Count);
        var replayed = agendas[^1].GetProperty("data").Deserialize<EventAgenda>(Json.Options)!;
        Assert.Equal(RunOfShow(ana.Agenda), RunOfShow(replayed));

        var next = await facilitator.Invoke<Ack>("NextAgendaItem");
        await ana.WaitUntil(c => c.Version >= next.Version);
        Assert.NotEqual(block.Id, ana.Agenda!.CurrentId);
    }

    [Fact]
    public async Task StartingAPitchStartsItsItemAndAQuestionToNowLandsOnItsProposal()
    {
        await using var facilitator = await _room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await _room.Invite("Jan Janssens");
        await using var stakeholder = await _room.Connect(owner);
        var proposal = await _room.CreateProposal(stakeholder);
        await using var ana = await _room.Connect(await _room.Join("Ana"));
        await using var typed = await Server.Connect(Server.FacilitatorToken);
        var block = typed.Agenda!.Items.Single(item => item.Kind == "proposals");
        var pitch = (await facilitator.Call("AddPitch", block.Id, new PitchInput(null, proposal, null, null, 3))).Id!.Value;

        // Before any pitch, "now" is the room.
        var early = await _room.Ask(ana, Room.QuestionInput("Who are you all?", "now"));
        await facilitator.Call("StartPitch", pitch);
        var during = await _room.Ask(ana, Room.QuestionInput("Which countries do you look for?", "now"));
        await typed.WaitUntil(c => c.Agenda!.CurrentPitchId == pitch);
        Assert.Equal(block.Id, typed.Agenda!.CurrentId);

        Assert.Equal(("room", (long?)null), Target(early));
        Assert.Equal(("proposal", (long?)proposal), Target(during));

        // The slot's owner answers it: it is addressed to them.
        await stakeholder.Call("AnswerQuestion", during, Room.Answer("Portugal and Finland."));

        (string, long?) Target(long question) => (
            _room.Scalar<string>("SELECT target_kind FROM questions WHERE id = @Id", new { Id = question }),
            _room.Scalar<long?>("SELECT proposal_id FROM questions WHERE id = @Id", new { Id = question }));
    }

    [Fact]
    public async Task NextTakesTheQuestionOffTheScreenUnlessItIsPinned()
    {
        await using var facilitator = await _room.Connect(Server.FacilitatorToken, "facilitator");
        await using var projector = await _room.Connect(Server.ProjectorToken, "projector");
        await using var ana = await _room.Connect(await _room.Join("Ana"));
        var question = await _room.Ask(ana, Room.QuestionInput("How do badges travel between cities?"));

        await facilitator.Call("ShowQuestion", question);
        var moved = await facilitator.Call("NextAgendaItem");
        await projector.WaitForVersion(moved.Version);
        Assert.Null(projector.ScreenQuestionId);

        await facilitator.Call("PinScreen", true);
        await facilitator.Call("ShowQuestion", question);
        var pinned = await facilitator.Call("NextAgendaItem");
        await projector.WaitForVersion(pinned.Version);
        Assert.Equal(question, projector.ScreenQuestionId);

        var mode = await facilitator.Call("SetProjector", new ProjectorInput("spotlight", "small"));
        var retried = await facilitator.Call("SetProjector", new ProjectorInput("spotlight", "small"));
        Assert.Equal(mode.Version, retried.Version);
        var snapshot = await BoardHttp.GetJson(Server, Server.ProjectorToken, "/api/snapshot");
        Assert.Equal(("spotlight", "small", true), (
            snapshot.GetProperty("projector").GetProperty("mode").GetString(),
            snapshot.GetProperty("projector").GetProperty("qr").GetString(),
            snapshot.GetProperty("projector").GetProperty("pinned").GetBoolean()));
    }

    [Fact]
    public async Task PitchRefusalsChangeNothing()
    {
        await using var facilitator = await _room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await _room.Invite("Jan Janssens");
        await using var stakeholder = await _room.Connect(owner);
        await using var ana = await _room.Connect(await _room.Join("Ana"));
        await using var projector = await _room.Connect(Server.ProjectorToken, "projector");
        await using var typed = await Server.Connect(Server.FacilitatorToken);
        var block = typed.Agenda!.Items.Single(item => item.Kind == "proposals");
        var other = typed.Agenda.Items.Single(item => item.Kind == "talk");
        var pitch = (await facilitator.Call("AddPitch", block.Id, new PitchInput("Slot", null, null, "Marta", 3))).Id!.Value;
        var slot = new PitchInput("Slot", null, null, "", 3);

        foreach (var who in new[] { ana, stakeholder, projector })
        {
            await _room.RefusedWithoutChange(who, "forbidden:", "AddPitch", block.Id, slot);
            await _room.RefusedWithoutChange(who, "forbidden:", "StartPitch", pitch);
            await _room.RefusedWithoutChange(who, "forbidden:", "ExtendPitch", 1);
            await _room.RefusedWithoutChange(who, "forbidden:", "SetProjector", new ProjectorInput("blank", "hidden"));
            await _room.RefusedWithoutChange(who, "forbidden:", "PinScreen", true);
        }

        await _room.RefusedWithoutChange(facilitator, "invalid:", "AddPitch", block.Id, new PitchInput("", null, null, "", 3));
        await _room.RefusedWithoutChange(facilitator, "invalid:", "AddPitch", block.Id, new PitchInput("Too long", null, null, "", 61));
        await _room.RefusedWithoutChange(facilitator, "not_found:", "AddPitch", block.Id, new PitchInput(null, 987654, null, "", 3));
        await _room.RefusedWithoutChange(facilitator, "not_found:", "AddPitch", 987654, slot);
        await _room.RefusedWithoutChange(facilitator, "not_found:", "AddPitch", block.Id, new PitchInput("Slot", null, ana.PersonId, "", 3));
        await _room.RefusedWithoutChange(facilitator, "invalid:", "ExtendPitch", 1);
        await _room.RefusedWithoutChange(facilitator, "invalid:", "ReorderPitches", other.Id, new[] { pitch });
        await _room.RefusedWithoutChange(facilitator, "invalid:", "SetProjector", new ProjectorInput("cinema", "shown"));
        await _room.RefusedWithoutChange(facilitator, "invalid:", "SetSchedule", new ScheduleInput(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(-1)));
        await facilitator.Call("StartPitch", pitch);
        await _room.RefusedWithoutChange(facilitator, "invalid:", "RemovePitch", pitch);
    }

    private static string RunOfShow(EventAgenda agenda) => string.Join("; ", agenda.Items.Select(item =>
        $"{item.Id} {item.Status} {item.EndsAt:O} [{string.Join(", ", item.Pitches.Select(p => $"{p.Id} {p.Status} {p.StartedAt:O} {p.EndsAt:O} {p.EndedAt:O}"))}]"))
        + $" now {agenda.CurrentId}/{agenda.CurrentPitchId}";

    private static Pitch Pitch(TestClient client, long id) => client.Agenda!.Items.SelectMany(i => i.Pitches).Single(p => p.Id == id);
}
