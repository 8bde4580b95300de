using Dapper;

namespace StakeholderHub.Tests.Polls;

/// <summary>Reactions cost the store nothing but their batched counts, and are not evidence.</summary>
public sealed class ReactionTests : BoardTest
{
    private const int Crowd = 300;

    /// <summary>The whole room joins from the test's one address: more than a real room's address would.</summary>
    protected override Dictionary<string, string?>? Settings => new() { ["Security:JoinBurst"] = "1000" };
    private const int Taps = 5000;

    [Fact]
    public async Task FiveThousandReactionsFromThreeHundredPhonesChangeOnlyTheBatchedCounts()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var item = facilitator.Read(c => c.AgendaItemIds[0]);
        await facilitator.Call("StartAgendaItem", item);
        var crowd = await Room.Crowd(Crowd);
        var changesBefore = Room.Scalar("SELECT COUNT(*) FROM changes");
        var before = Room.Dump("changes", "events", "reaction_counts");
        var eventBefore = EventRow();

        string[] kinds = ["clap", "idea", "heart", "think"];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(crowd.Select(async (c, i) =>
        {
            // 5,000 taps over 300 phones: 16 or 17 each, spread over a few seconds.
            for (var tap = i; tap < Taps; tap += Crowd)
            {
                await c.Connection.InvokeAsync("React", kinds[tap % 4]);
                await Task.Delay(150);
            }
        }));
        var took = clock.Elapsed;

        await projector.WaitUntil(c => c.Reactions.TryGetValue(item, out var r)
            && kinds.Sum(k => r["counts"]![k]?.GetValue<long>() ?? 0) == Taps, "5,000 reactions", 15_000);
        Assert.Equal(Taps / 4, projector.Read(c => c.Reactions[item]["counts"]!["clap"]!.GetValue<long>()));
        Assert.Equal(Taps, Room.Scalar("SELECT SUM(count) FROM reaction_counts WHERE agenda_item_id = @item", new { item }));
        Assert.Equal(4, Room.Scalar("SELECT COUNT(*) FROM reaction_counts"));

        // Nothing else moved: no evidence, no person, no poll; the event only its version; and the change log one
        // entry per flush (about one a second), all of them reaction counts.
        Assert.Equal(before, Room.Dump("changes", "events", "reaction_counts"));
        Assert.Equal(eventBefore, EventRow());
        using var db = Room.Db();
        var added = db.Query<string>("SELECT kind FROM changes ORDER BY version, seq").Skip((int)changesBefore).ToList();
        Assert.All(added, kind => Assert.Equal("reactions", kind));
        Assert.InRange(added.Count, 1, (int)took.TotalSeconds + 6);
    }

    private string EventRow()
    {
        using var db = Room.Db();
        return string.Join("|", db.Query<(string, string, long)>("SELECT title, join_code, moderation FROM events ORDER BY id"));
    }
}
