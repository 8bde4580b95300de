using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StakeholderHub.Data;

namespace StakeholderHub.Tests;

public sealed class HealthTests : ServerTest
{
    [Fact]
    public async Task HealthSaysOkWhileTheStoreTakesChanges()
    {
        var response = await Server.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthSaysUnavailableWhenTheWriterHasStopped()
    {
        await Server.Services.GetRequiredService<ChangeWriter>().StopAsync(CancellationToken.None);

        var response = await Server.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var join = await Server.Http.PostAsJsonAsync("/api/join", new { code = Server.JoinCode, name = "Ana", organisation = "CAP-City", country = "BE" });
        Assert.False(join.IsSuccessStatusCode);
    }
}
