using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace StakeholderHub.Tests.Access;

public sealed class TokenTests : ServerTest
{
    public static TheoryData<string> BadTokens => new()
    {
        "",
        "garbage",
        "1.AAAAAAAAAAAAAAAAAAAAAA",
        "999.AAAAAAAAAAAAAAAAAAAAAA",
        "1.!!notbase64!!",
        new string('1', 100),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ABadTokenIsRefusedAtConnect(string token)
    {
        var connection = Connection(token);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task ATokenFromAnotherServerIsRefused()
    {
        // Same person id, same format, but signed with another deployment's key.
        await using var other = await HubServer.Start();
        Assert.NotEqual(Server.FacilitatorToken, other.FacilitatorToken);
        Assert.Equal(Server.FacilitatorToken.Split('.')[0], other.FacilitatorToken.Split('.')[0]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Connection(other.FacilitatorToken).StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/snapshot");
        request.Headers.Authorization = new("Bearer", other.FacilitatorToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AConnectionOnlyHearsItsOwnEvent()
    {
        var (_, otherFacilitator, _) = await Server.CreateEvent("Another city", "antwerp-afternoon");
        await using var other = await Server.Connect(otherFacilitator);
        await using var participant = await Server.Connect((await Server.Join()).Token);

        var started = await other.Invoke<StakeholderHub.Realtime.Ack>("StartAgendaItem", other.Agenda!.Items[0].Id);
        await other.WaitUntil(c => c.Version == started.Version);
        await using var facilitator = await Server.Connect(Server.FacilitatorToken);
        var ours = await facilitator.Invoke<StakeholderHub.Realtime.Ack>("ExtendAgendaItem", 1).ContinueWith(t => t.Exception);

        Assert.NotNull(ours); // nothing is current in our event: the other event's start did not touch it
        Assert.All(participant.Batches, batch => Assert.Equal(Server.DefaultEvent.Event.Id, batch.EventId));
        Assert.Null(participant.Agenda!.CurrentId);
    }

    private HubConnection Connection(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();
}
