using Microsoft.Extensions.Options;
using StakeholderHub.Access;

namespace StakeholderHub.Events;

/// <summary>The HTTP API: creating events, joining, inviting (stakeholders and moderators), and the snapshot a page starts from.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        api.MapPost("/events", async (HttpContext http, EventInput? input, EventService events, IOptions<HubOptions> options) =>
        {
            if (!options.Value.AcceptsFacilitatorKey(http.Request.Headers["X-Facilitator-Key"]))
            {
                Refusal.Unauthorized("Creating an event needs the deployment's facilitator key in X-Facilitator-Key.");
            }

            var created = await events.Create(input);
            var links = Links.For(http.Request);
            return Results.Created($"/api/events/{created.Event.Id}", new CreatedEvent(
                created.Event.Id, created.Event.Title, created.Event.JoinCode,
                links.Event(created.Event.JoinCode, created.FacilitatorToken, created.ProjectorToken)));
        });

        api.MapGet("/join/{code}", (string code, EventService events) => events.Lookup(code));

        api.MapPost("/join", async (HttpContext http, JoinInput? input, EventService events) =>
        {
            var (person, token) = await events.Join(input);
            return new Joined(token, person.EventId, person.Self(), new ParticipantLinks(Links.For(http.Request).Participant(token)));
        });

        api.MapPost("/invites", async (HttpContext http, InviteInput? input, EventService events, PeopleDirectory people) =>
        {
            var (person, token) = await events.Invite(await people.Caller(http.User), input);
            return Results.Created($"/api/people/{person.Id}", new Invited(person, Links.For(http.Request).Of(person.Role, token)));
        }).RequireRoles(Role.Facilitator);

        // A new link for a person of the event (the facilitator's own too), or for the projector: the old one stops at once.
        api.MapPost("/people/{personId:long}/link", (long personId, HttpContext http, EventService events, PeopleDirectory people) =>
            NewLink(http, events, people, personId)).RequireRoles(Role.Facilitator);
        api.MapPost("/projector/link", (HttpContext http, EventService events, PeopleDirectory people) =>
            NewLink(http, events, people, null)).RequireRoles(Role.Facilitator);

        api.MapGet("/snapshot", async (HttpContext http, SessionState state, PeopleDirectory people) =>
            state.Snapshot(await people.Caller(http.User))).RequireAuthorization();

        return routes;
    }

    private static async Task<Invited> NewLink(HttpContext http, EventService events, PeopleDirectory people, long? personId)
    {
        var (person, token) = await events.NewLink(await people.Caller(http.User), personId);
        http.Response.Headers.CacheControl = "no-store";
        return new Invited(person, Links.For(http.Request).Of(person.Role, token));
    }
}
