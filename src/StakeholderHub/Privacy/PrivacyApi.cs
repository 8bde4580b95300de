using Microsoft.Extensions.Options;
using StakeholderHub.Access;

namespace StakeholderHub.Privacy;

/// <summary>"My data" for participants and stakeholders, and removing a person for the facilitator (docs/protocol.md, Privacy).</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");

        // The join page asks with the code it shows: the event's controller text, else the deployment's.
        api.MapGet("/privacy", (string? code, IOptions<HubOptions> options, PrivacyService privacy) =>
            Results.Json(privacy.Notice(code, options.Value.PrivacyController), Json.Options));

        api.MapGet("/privacy/settings", async (HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(privacy.Settings((await people.Caller(http.User)).EventId), Json.Options))
            .RequireRoles(Role.Facilitator);

        api.MapPost("/privacy/settings", async (PrivacySettingsInput? input, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(await privacy.SetSettings(await people.Caller(http.User), input), Json.Options))
            .RequireRoles(Role.Facilitator);

        api.MapPost("/privacy/purge", async (PurgeInput? input, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
        {
            var caller = await people.Caller(http.User);
            if (input is not { Confirm: true })
            {
                Refusal.Invalid($"A purge erases everyone in the session and cannot be undone: confirm it (confirm: true).");
            }

            return Results.Json(await privacy.Purge(caller.EventId), Json.Options);
        }).RequireRoles(Role.Facilitator);

        api.MapPost("/me/profile", async (ProfileInput? input, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(await privacy.CorrectProfile(await people.Caller(http.User), input), Json.Options))
            .RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapPost("/me/practices/{id:long}/delete", async (long id, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(await privacy.DeletePractice(await people.Caller(http.User), id), Json.Options))
            .RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapPost("/me/questions/{id:long}/delete", async (long id, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(await privacy.DeleteQuestion(await people.Caller(http.User), id), Json.Options))
            .RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapGet("/me/data", async (HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
        {
            var caller = await people.Caller(http.User);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"my-data.json\"";
            return Results.Json(privacy.Export(caller), Json.Options);
        }).RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapPost("/me/consents/withdraw", async (HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
            Results.Json(await privacy.WithdrawConsent(await people.Caller(http.User)), Json.Options))
            .RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapPost("/me/erase", async (HttpContext http, bool? revokeBadge, PeopleDirectory people, PrivacyService privacy) =>
        {
            var caller = await people.Caller(http.User);
            return Results.Json(await privacy.Erase(caller.EventId, caller.Id, revokeBadge ?? false), Json.Options);
        }).RequireRoles(Role.Participant, Role.Stakeholder);

        api.MapPost("/people/{id:long}/erase", async (long id, HttpContext http, PeopleDirectory people, PrivacyService privacy) =>
        {
            var caller = await people.Caller(http.User);
            return Results.Json(await privacy.Erase(caller.EventId, id, revokeBadge: false), Json.Options);
        }).RequireRoles(Role.Facilitator);

        return routes;
    }
}
