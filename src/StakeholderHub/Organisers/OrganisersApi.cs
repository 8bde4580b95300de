using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using StakeholderHub.Events;

namespace StakeholderHub.Organisers;

/// <summary>
/// The organiser console's HTTP API (docs/protocol.md, "Organisers"). Every endpoint but signing in, the invitation and
/// the options needs the organiser cookie; every POST and DELETE needs the <see cref="OrganiserSetup.RequestHeader"/>.
/// </summary>
public static class OrganisersApi
{
    public static IEndpointRouteBuilder MapOrganisersApi(this IEndpointRouteBuilder routes)
    {
        // The first organiser (and any other, by whoever holds the deployment's key).
        routes.MapPost("/api/organisers", async (HttpContext http, NewOrganiserInput? input, OrganiserService organisers, IOptions<HubOptions> options) =>
        {
            if (!options.Value.AcceptsFacilitatorKey(http.Request.Headers["X-Facilitator-Key"]))
            {
                Refusal.Unauthorized("Adding an organiser needs the deployment's facilitator key in X-Facilitator-Key.");
            }

            var organiser = await organisers.Add(input);
            return Results.Created("/api/organiser/me", organiser);
        });

        var open = routes.MapGroup("/api/organiser").AddEndpointFilter(RequireRequestHeader);

        open.MapGet("/options", (IOptions<OrganiserOptions> options) =>
            new ConsoleOptions(options.Value.OpenIdConnect.Enabled, options.Value.OpenIdConnect.DisplayName));

        open.MapPost("/sign-in", async (HttpContext http, SignInInput? input, OrganiserService organisers) =>
        {
            var organiser = organisers.SignIn(input);
            await http.SignInAsync(OrganiserSetup.CookieScheme, OrganiserSetup.Principal(organiser));
            return organiser;
        }).RequireRateLimiting(OrganiserSetup.SignInLimit);

        open.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(OrganiserSetup.CookieScheme);
            return Results.NoContent();
        });

        // With OpenID Connect configured: off to the identity provider, back to the console.
        open.MapGet("/sign-in/oidc", (HttpContext http) => OrganiserSetup.OpenIdConnectEnabled(http.RequestServices)
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/organiser" }, [OrganiserSetup.OpenIdScheme])
            : throw new Refusal(RefusalCode.NotFound, "Single sign-on is not set up on this hub."));

        open.MapPost("/invitation", (InvitationTokenInput? input, OrganiserService organisers) =>
            organisers.Invitation(Check.NotNull(input, "invitation").Token));

        open.MapPost("/invitation/accept", async (HttpContext http, AcceptInvitationInput? input, OrganiserService organisers) =>
        {
            var organiser = organisers.Accept(input);
            await http.SignInAsync(OrganiserSetup.CookieScheme, OrganiserSetup.Principal(organiser));
            return Results.Created("/api/organiser/me", organiser);
        }).RequireRateLimiting(OrganiserSetup.SignInLimit);

        var signedIn = routes.MapGroup("/api/organiser").AddEndpointFilter(RequireRequestHeader).RequireAuthorization(OrganiserSetup.Policy);

        signedIn.MapGet("/me", (HttpContext http, OrganiserService organisers) => Caller(http, organisers));

        signedIn.MapPost("/invitations", (HttpContext http, InvitationInput? input, OrganiserService organisers) =>
            Results.Created("/api/organiser/invitations", organisers.Invite(Caller(http, organisers), input, Links.For(http.Request))));

        signedIn.MapGet("/events", (HttpContext http, OrganiserService organisers) => organisers.Events(Caller(http, organisers)));

        signedIn.MapPost("/events", async (HttpContext http, OrganiserEventInput? input, OrganiserService organisers) =>
        {
            var created = await organisers.Create(Caller(http, organisers), input);
            return Results.Created($"/api/organiser/events/{created.Event.Id}", Answer(http, created));
        });

        // The facilitator console's link (and the projector's): only the owning organiser gets them.
        signedIn.MapPost("/events/{id:long}/links", (HttpContext http, long id, OrganiserService organisers) =>
            Answer(http, organisers.Staff(Caller(http, organisers), id)));

        signedIn.MapPost("/events/{id:long}/archive", async (HttpContext http, long id, OrganiserService organisers) =>
        {
            await organisers.Archive(Caller(http, organisers), id, archived: true);
            return Results.NoContent();
        });

        signedIn.MapPost("/events/{id:long}/unarchive", async (HttpContext http, long id, OrganiserService organisers) =>
        {
            await organisers.Archive(Caller(http, organisers), id, archived: false);
            return Results.NoContent();
        });

        signedIn.MapDelete("/events/{id:long}", async (HttpContext http, long id, OrganiserService organisers) =>
        {
            await organisers.Delete(Caller(http, organisers), id);
            return Results.NoContent();
        });

        return routes;
    }

    private static CreatedEvent Answer(HttpContext http, EventService.Created created) =>
        new(created.Event.Id, created.Event.Title, created.Event.JoinCode,
            Links.For(http.Request).Event(created.Event.JoinCode, created.FacilitatorToken, created.ProjectorToken));

    private static Organiser Caller(HttpContext http, OrganiserService organisers) =>
        OrganiserSetup.OrganiserId(http.User) is { } id && organisers.Find(id) is { } organiser
            ? organiser
            : throw new Refusal(RefusalCode.Unauthorized, "Sign in as an organiser first.");

    /// <summary>
    /// Anti-forgery: a POST or DELETE of the console carries <c>X-Organiser-Request: 1</c>, a header no other site's page
    /// can send here (it would need a CORS preflight the hub never grants); the cookie is SameSite=Strict as well.
    /// </summary>
    private static async ValueTask<object?> RequireRequestHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && request.Headers[OrganiserSetup.RequestHeader] != "1")
        {
            Refusal.Forbidden("The organiser console's requests carry the header X-Organiser-Request: 1.");
        }

        return await next(context);
    }
}
