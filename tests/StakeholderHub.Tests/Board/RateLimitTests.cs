using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace StakeholderHub.Tests.Board;

/// <summary>
/// With a budget of three calls, a fourth quick call is refused and changes nothing, while everyone else goes on. The
/// budget refills at one call in 100 s here, so "quick" holds however slowly a loaded machine runs the first three
/// (the refill itself: <see cref="RateLimitRefillTests"/>). The tests use bare connections, which make no call (not
/// even Sync) by themselves.
/// </summary>
public sealed class RateLimitTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["RateLimit:Burst"] = "3",
        ["RateLimit:PerSecond"] = "0.01",
    };

    [Fact]
    public async Task TheFourthQuickCallOfAParticipantIsRefusedWhileAnotherParticipantsCallGoesThrough()
    {
        var (proposals, _) = await FourProposals(Room);
        var ana = await Room.Join("Ana Peeters");
        var bram = await Room.Join("Bram Claes");
        var hasty = await Room.Bare(ana.Token);
        var calm = await Room.Bare(bram.Token);
        for (var i = 0; i < 3; i++)
        {
            await hasty.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[i]]);
        }

        var version = Room.EventVersion();
        var refused = Assert.ThrowsAsync<HubException>(() => hasty.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[3]]));
        var accepted = calm.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[3]]);
        var error = await refused;
        var ack = BoardClient.ReadAck(await accepted);

        Assert.Contains("HubException: rate_limited: ", error.Message);
        Assert.Equal(version + 1, ack.Version);
        Assert.Equal(version + 1, Room.EventVersion());
        Assert.Equal([bram.Id], VotersOf(proposals[3]));
        Assert.Equal(1, Room.Scalar("SELECT upvotes FROM proposals WHERE id = @id", new { id = proposals[3] }));
        Assert.Equal(
            ["checked_in", "upvoted_proposal", "upvoted_proposal", "upvoted_proposal"],
            Room.Evidence(ana.Id).Select(e => e.Action));
    }

    [Fact]
    public async Task AStakeholderIsLimitedTooButTheFacilitatorAndClockAreNot()
    {
        var (proposals, facilitator) = await FourProposals(Room);
        for (var i = 0; i < 10; i++)
        {
            await facilitator.Call("SetModeration", i % 2 == 0);
        }

        var marta = await Room.Invite("Marta Silva", "Lisbon City of Learning");
        var stakeholder = await Room.Bare(marta.Token);
        for (var i = 0; i < 10; i++)
        {
            await stakeholder.InvokeAsync<JsonElement>("Clock");
        }

        for (var i = 0; i < 3; i++)
        {
            await stakeholder.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[i]]);
        }

        var before = Room.Dump();
        var error = await Assert.ThrowsAsync<HubException>(() => stakeholder.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[3]]));
        Assert.Contains("HubException: rate_limited: ", error.Message);
        Assert.Equal(before, Room.Dump());
        Assert.Empty(VotersOf(proposals[3]));
    }

    /// <summary>Four proposals of one stakeholder, made by the facilitator (who is not limited).</summary>
    internal static async Task<(long[] Proposals, BoardClient Facilitator)> FourProposals(Room room)
    {
        var owner = await room.Invite("Jan De Smet");
        var facilitator = await room.Connect(room.Server.FacilitatorToken, "facilitator");
        var ids = new long[4];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await room.CreateProposal(facilitator, Room.ProposalInput($"Proposal {i + 1}", ("ownerId", owner.Id)));
        }

        return (ids, facilitator);
    }

    private List<long> VotersOf(long proposal)
    {
        using var db = Room.Db();
        return [.. Dapper.SqlMapper.Query<long>(db, "SELECT person_id FROM proposal_votes WHERE proposal_id = @proposal", new { proposal })];
    }
}

/// <summary>A budget of three calls refilled at one call every two seconds.</summary>
public sealed class RateLimitRefillTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        ["RateLimit:Burst"] = "3",
        ["RateLimit:PerSecond"] = "0.5",
    };

    [Fact]
    public async Task TheBudgetRefillsAtItsRate()
    {
        var (proposals, _) = await RateLimitTests.FourProposals(Room);
        var ana = await Room.Bare((await Room.Join("Ana Peeters")).Token);
        // Spent: upvote and withdraw until a call is refused (three, or a few more when the machine is slow enough
        // that a token came back meanwhile).
        var spent = 0;
        while (true)
        {
            try
            {
                await ana.InvokeCoreAsync<JsonElement>(spent % 2 == 0 ? "UpvoteProposal" : "WithdrawProposalUpvote", [proposals[0]]);
                spent++;
            }
            catch (HubException error)
            {
                Assert.Contains("HubException: rate_limited: ", error.Message);
                break;
            }

            Assert.True(spent < 10, "the budget of three ran out");
        }

        Assert.True(spent >= 3, "the first three calls go through");
        // One every two seconds: after a little more there is one call again, and only one.
        await Task.Delay(TimeSpan.FromMilliseconds(2300));
        await ana.InvokeCoreAsync<JsonElement>("UpvoteProposal", [proposals[3]]);
        await Assert.ThrowsAsync<HubException>(() => ana.InvokeCoreAsync<JsonElement>("WithdrawProposalUpvote", [proposals[3]]));
    }
}
