using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StakeholderHub.Tests.Privacy;

/// <summary>
/// My data's corrections: a profile corrected with the same checks as joining (the room sees the new name live, the
/// stored changes keep no trace of the old one), a practice deleted by its author (the room sees it go, progress
/// follows); other roles and other people's practices are refused with nothing stored.
/// </summary>
public sealed class MyDataTests : BoardTest
{
    [Fact]
    public async Task ACorrectedProfileReachesTheRoomAndLeavesNoTraceOfTheOldName()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var projector = await Room.Connect(Server.ProjectorToken, "projector");
        var lotte = await Room.Join("Lotte Oldnamesson", "Oldorg Collective", "BE");
        var phone = await Room.Connect(lotte);
        var question = await Room.Ask(phone, Room.QuestionInput("Where do we meet?"));
        var practice = (await phone.Call("SharePractice", new { title = "Market badges", text = "At the market." })).Id!.Value;
        await projector.WaitUntil(c => c.Practices.ContainsKey(practice) && c.Questions.ContainsKey(question), "her question and practice");

        var other = await Room.Join("Bram Claes");
        var before = Room.Dump();
        foreach (var bad in new object[] { new { name = "", organisation = "JES", country = "BE" }, new { name = "Lotte", organisation = "JES", country = "ZZ" },
            new { name = "Lotte\nNew", organisation = "JES", country = "BE" } })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await Send(lotte.Token, "/api/me/profile", bad)).StatusCode);
        }

        foreach (var token in new[] { Server.FacilitatorToken, Server.ProjectorToken })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(token, "/api/me/profile", new { name = "X", organisation = "Y", country = "BE" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(token, $"/api/me/practices/{practice}/delete", new { })).StatusCode);
        }

        using (var notHers = await Send(other.Token, $"/api/me/practices/{practice}/delete", new { }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notHers.StatusCode);
        }

        Assert.Equal(before, Room.Dump());

        var corrected = await BoardHttp.Post(Server, lotte.Token, "/api/me/profile", new { name = "Lotte Peeters", organisation = "JES Brussel", country = "NL" });
        var version = corrected.GetProperty("version").GetInt64();
        await projector.WaitUntil(c => c.Version >= version && c.Questions[question]["askerName"]?.GetValue<string>() == "Lotte Peeters"
            && c.Practices[practice]["authorName"]?.GetValue<string>() == "Lotte Peeters", "the new name in the room");
        var mine = await BoardHttp.GetJson(Server, lotte.Token, "/api/me/data");
        Assert.Equal("Lotte Peeters", mine.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("NL", mine.GetProperty("profile").GetProperty("country").GetString());
        var replay = (await facilitator.SyncRaw(1)).GetRawText();
        Assert.DoesNotContain("Oldnamesson", replay, StringComparison.Ordinal);
        Assert.DoesNotContain("Oldorg", replay, StringComparison.Ordinal);
        Assert.Contains("Lotte Peeters", replay, StringComparison.Ordinal);

        // Her practice goes; the room sees it go, the evidence stays.
        var deleted = await BoardHttp.Post(Server, lotte.Token, $"/api/me/practices/{practice}/delete", new { });
        await projector.WaitUntil(c => c.Version >= deleted.GetProperty("version").GetInt64() && !c.Practices.ContainsKey(practice), "the practice gone");
        Assert.Equal(0, Room.Scalar("SELECT COUNT(*) FROM practices WHERE id = @Id", new { Id = practice }));
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM evidence WHERE person_id = @Id AND action = 'shared_practice'", new { lotte.Id }));
        Assert.DoesNotContain("Market badges", (await facilitator.SyncRaw(1)).GetRawText(), StringComparison.Ordinal);

        await Server.Stop();
        var stored = StoredBytes.Of(Server);
        Assert.DoesNotContain("Oldnamesson", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Market badges", stored, StringComparison.Ordinal);
        Assert.Contains("Lotte Peeters", stored, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Send(string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Http.SendAsync(request);
    }
}
