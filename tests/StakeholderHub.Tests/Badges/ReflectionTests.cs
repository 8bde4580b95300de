namespace StakeholderHub.Tests.Badges;

/// <summary>One reflection per participant, private to them, editable until the event closes; evidence for the badge.</summary>
public sealed class ReflectionTests : BoardTest
{
    [Fact]
    public async Task AReflectionIsTheParticipantsOwnAndEditableUntilTheEventCloses()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var bram = await Room.Connect(await Room.Join("Bram Claes"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var secret = "Take home: the Lisbon model " + Guid.NewGuid().ToString("N");

        var first = await ana.Call("SaveReflection", new { takeHome = secret, contribute = "We could host the next visit." });
        await ana.WaitForVersion(first.Version);
        Assert.Equal(secret, ana.Reflection!["takeHome"]!.GetValue<string>());
        Assert.Equal("We could host the next visit.", ana.Reflection!["contribute"]!.GetValue<string>());
        Assert.Equal(secret, (await Room.Connect(ana.Token, "Ana's phone")).Reflection!["takeHome"]!.GetValue<string>());

        // The same text again is a retry: no new version, no new evidence.
        var version = Room.EventVersion();
        await ana.Call("SaveReflection", new { takeHome = secret, contribute = "We could host the next visit." });
        Assert.Equal(version, Room.EventVersion());

        var edited = await ana.Call("SaveReflection", new { takeHome = secret + " and more", contribute = "" });
        await ana.WaitForVersion(edited.Version);
        Assert.Equal("", ana.Reflection!["contribute"]!.GetValue<string>());
        Assert.Equal(["checked_in", "submitted_reflection", "edited_reflection"], Room.Evidence(ana.PersonId).Select(r => r.Action));

        // Nobody else receives it, not even the facilitator (who sees only that the step is done).
        foreach (var other in new[] { facilitator, projector, bram })
        {
            await other.WaitForVersion(edited.Version);
            Assert.DoesNotContain(other.Raw, raw => raw.Contains("Lisbon model", StringComparison.Ordinal));
            Assert.Null(other.Reflection);
        }

        Assert.Contains("reflected", facilitator.DoneSteps(ana.PersonId));

        await facilitator.Call("CloseEvent");
        await Room.RefusedWithoutChange(ana, "closed:", "SaveReflection", new { takeHome = "Too late", contribute = "" });
        await Room.RefusedWithoutChange(bram, "closed:", "SaveReflection", new { takeHome = "Too late", contribute = "" });
        // A retry of what is stored still answers, even closed.
        await ana.Call("SaveReflection", new { takeHome = secret + " and more", contribute = "" });
        await facilitator.Call("ReopenEvent");
        await bram.Call("SaveReflection", new { takeHome = "Now it is open again", contribute = "" });
    }

    [Fact]
    public async Task BadReflectionsAndBadCallersChangeNothing()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await Room.Connect(await Room.Invite("Jan De Smet"));
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        await Room.RefusedWithoutChange(ana, "invalid:", "SaveReflection", new { takeHome = "", contribute = "Something" });
        await Room.RefusedWithoutChange(ana, "invalid:", "SaveReflection", new { takeHome = new string('x', 1501), contribute = "" });
        await Room.RefusedWithoutChange(ana, "invalid:", "SaveReflection", new { takeHome = "Fine", contribute = new string('x', 1501) });
        await Room.RefusedWithoutChange(ana, "invalid:", "SaveReflection", new { takeHome = "Bell \u0007", contribute = "" });
        await Room.RefusedWithoutChange(ana, "invalid:", "SaveReflection", [null]);
        await Room.RefusedWithoutChange(owner, "forbidden:", "SaveReflection", new { takeHome = "Fine", contribute = "" });
        await Room.RefusedWithoutChange(facilitator, "forbidden:", "SaveReflection", new { takeHome = "Fine", contribute = "" });
        await ana.Call("SaveReflection", new { takeHome = new string('x', 1500), contribute = new string('y', 1500) });
    }
}
