using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Questions;

namespace StakeholderHub.Tests;

/// <summary>
/// A refusal keeps its code and English sentence first, and carries its template and values for the pages to
/// translate: on a second line of a hub refusal, and as <c>template</c> and <c>args</c> of an HTTP problem.
/// </summary>
public sealed class RefusalTemplateTests : ServerTest
{
    [Fact]
    public void AnInterpolatedRefusalKeepsItsTemplateAndValues()
    {
        var label = "name";
        var refusal = Assert.Throws<Refusal>(() => Refusal.Invalid($"The {label} can have at most {80} characters (this one has {81})."));

        Assert.Equal("invalid: The name can have at most 80 characters (this one has 81).", refusal.Message);
        Assert.Equal("The {0} can have at most {1} characters (this one has {2}).", refusal.Template);
        Assert.Equal(["name", "80", "81"], refusal.Values);
    }

    [Fact]
    public void APlainRefusalIsItsOwnTemplate()
    {
        var refusal = new Refusal(RefusalCode.RateLimited, "Too many actions in a short time. Wait a moment and try again.");

        Assert.Equal("Too many actions in a short time. Wait a moment and try again.", refusal.Template);
        Assert.Empty(refusal.Values);
    }

    [Fact]
    public async Task AHubRefusalSaysItsSentenceThenItsTemplate()
    {
        await using var participant = await Server.Connect((await Server.Join()).Token);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            participant.Invoke<object>("AskQuestion", new QuestionInput("   ", new QuestionTarget("room", null), false, null)));

        var message = error.Message[(error.Message.IndexOf("HubException: ", StringComparison.Ordinal) + "HubException: ".Length)..];
        var lines = message.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("invalid: The question is required.", lines[0]);
        var detail = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("The {0} is required.", detail.GetProperty("template").GetString());
        Assert.Equal(["question"], detail.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()));
    }

    [Fact]
    public async Task AnHttpProblemCarriesTheTemplateAndValues()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/join",
            new { code = Server.JoinCode, name = "", organisation = "CAP-City", country = "BE" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid: The name is required.", problem.GetProperty("detail").GetString());
        Assert.Equal("The {0} is required.", problem.GetProperty("template").GetString());
        Assert.Equal(["name"], problem.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()));
    }
}
