using QRCoder;
using StakeholderHub.Access;

namespace StakeholderHub.Events;

/// <summary>
/// QR codes drawn on this server as SVG (QRCoder), never by an outside service, and only for this hub's own links:
/// an event's join link (by its join code, which must exist) and, for the facilitator, a stakeholder's or a
/// moderator's invite link. The address in the code is the one the browser used to reach the server, the same one
/// the pages show in text. Also here: an invite link again, for the facilitator who needs to hand it out once more.
/// </summary>
public static class QrApi
{
    public static IEndpointRouteBuilder MapQrApi(this IEndpointRouteBuilder routes)
    {
        var qr = routes.MapGroup("/api/qr");

        qr.MapGet("/join/{code}.svg", (string code, HttpContext http, EventService events) =>
        {
            var found = events.Lookup(code);
            http.Response.Headers.CacheControl = "private, max-age=300";
            return Svg(Links.For(http.Request).Join(found.JoinCode));
        });

        qr.MapGet("/invite/{personId:long}.svg", async (long personId, HttpContext http, PeopleDirectory people, TokenSigner tokens) =>
        {
            var invited = await Invitee(http, people, personId);
            // The code carries a secret link: no shared cache may keep it.
            http.Response.Headers.CacheControl = "no-store";
            return Svg(Links.For(http.Request).Of(invited.Role, tokens.Issue(invited)));
        }).RequireRoles(Role.Facilitator);

        routes.MapGet("/api/invites/{personId:long}", async (long personId, HttpContext http, PeopleDirectory people, TokenSigner tokens) =>
        {
            var invited = await Invitee(http, people, personId);
            http.Response.Headers.CacheControl = "no-store";
            return new Invited(invited, Links.For(http.Request).Of(invited.Role, tokens.Issue(invited)));
        }).RequireRoles(Role.Facilitator);

        return routes;
    }

    /// <summary>
    /// Someone of the calling facilitator's own event whose link the facilitator hands out again: a stakeholder or a
    /// moderator. Never a participant: their link is theirs; a new one (<c>POST /api/people/{id}/link</c>) is shown to
    /// the facilitator once, to hand over, and cannot be fetched again.
    /// </summary>
    private static async Task<Person> Invitee(HttpContext http, PeopleDirectory people, long personId)
    {
        var caller = await people.Caller(http.User);
        var invited = await people.Find(personId);
        if (invited is null || invited.EventId != caller.EventId || invited.Role is not (Role.Stakeholder or Role.Moderator))
        {
            Refusal.NotFound($"There is no person {personId} in this session.");
        }

        return invited;
    }

    private static IResult Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        var svg = code.GetGraphic(new System.Drawing.Size(512, 512), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return Results.Text(svg, "image/svg+xml");
    }
}
