namespace StakeholderHub.Tests.Events;

public sealed class SnapshotTests : ServerTest
{
    [Fact]
    public async Task TheFacilitatorSeesEveryoneAndTheLinksToHandOut()
    {
        var joined = await Server.Join("Ana");

        var snapshot = await Server.Snapshot(Server.FacilitatorToken);

        Assert.Equal([Role.Facilitator, Role.Projector, Role.Participant], snapshot.People.Select(p => p.Role));
        Assert.Equal($"/join?code={Server.JoinCode}", snapshot.Links!.Join);
        var projector = await Server.Snapshot(HubServer.TokenOf(snapshot.Links.Projector));
        Assert.Equal(Role.Projector, projector.Me.Role);
        Assert.Equal(joined.Person.Id, snapshot.People[^1].Id);
    }

    [Fact]
    public async Task ParticipantsAndTheProjectorSeeNeitherPeopleNorLinks()
    {
        var joined = await Server.Join("Ana");

        foreach (var token in new[] { joined.Token, Server.ProjectorToken })
        {
            var snapshot = await Server.Snapshot(token);
            Assert.Empty(snapshot.People);
            Assert.Null(snapshot.Links);
            Assert.Equal(1, snapshot.Attendance.Participants);
        }
    }
}
