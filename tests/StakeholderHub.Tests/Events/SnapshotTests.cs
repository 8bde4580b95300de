namespace StakeholderHub.Tests.Events;

public sealed class SnapshotTests : IAsyncLifetime
{
    private HubServer _server = null!;

    public async Task InitializeAsync() => _server = await HubServer.Start();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheFacilitatorSeesEveryoneAndTheLinksToHandOut()
    {
        var joined = await _server.Join("Ana");

        var snapshot = await _server.Snapshot(_server.FacilitatorToken);

        Assert.Equal([Role.Facilitator, Role.Projector, Role.Participant], snapshot.People.Select(p => p.Role));
        Assert.Equal($"/join?code={_server.JoinCode}", snapshot.Links!.Join);
        var projector = await _server.Snapshot(HubServer.TokenOf(snapshot.Links.Projector));
        Assert.Equal(Role.Projector, projector.Me.Role);
        Assert.Equal(joined.Person.Id, snapshot.People[^1].Id);
    }

    [Fact]
    public async Task ParticipantsAndTheProjectorSeeNeitherPeopleNorLinks()
    {
        var joined = await _server.Join("Ana");

        foreach (var token in new[] { joined.Token, _server.ProjectorToken })
        {
            var snapshot = await _server.Snapshot(token);
            Assert.Empty(snapshot.People);
            Assert.Null(snapshot.Links);
            Assert.Equal(1, snapshot.Attendance.Participants);
        }
    }
}
