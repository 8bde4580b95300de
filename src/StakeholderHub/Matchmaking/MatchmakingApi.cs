using System.Text;
using StakeholderHub.Access;

namespace StakeholderHub.Matchmaking;

/// <summary>"My session" and an update's calendar file (docs/protocol.md, My session): they answer after the session closed too.</summary>
public static class MatchmakingApi
{
    public static IEndpointRouteBuilder MapMatchmakingApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        api.MapGet("/me/session", async (HttpContext http, PeopleDirectory people, MatchmakingService matchmaking) =>
        {
            var caller = await people.Caller(http.User);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(matchmaking.Session(caller), Json.Options);
        }).RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapGet("/updates/{id:long}.ics", async (long id, HttpContext http, PeopleDirectory people, MatchmakingService matchmaking, TimeProvider clock) =>
        {
            var caller = await people.Caller(http.User);
            var (_, calendar) = matchmaking.Calendar(caller, id, http.Request.Host.Host, clock.GetUtcNow());
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(calendar), "text/calendar; charset=utf-8", $"update-{id}.ics");
        }).RequireRoles(Role.Participant, Role.Stakeholder, Role.Facilitator);

        return routes;
    }
}
