using Microsoft.Extensions.Options;

namespace StakeholderHub.Security;

/// <summary>
/// The headers every answer carries. A strict Content-Security-Policy: scripts, styles, fonts and connections from
/// the page's own origin only (the hub's WebSocket included), no inline script or style, images also from
/// <c>blob:</c> (QR codes fetched with a token) and <c>data:</c>; no page may be framed (the facilitator console must
/// never be, by clickjacking), except the projector by the sites of <c>Security:ProjectorFrameAncestors</c>.
/// <c>Referrer-Policy: no-referrer</c> keeps the addresses people came from out of other sites' logs (tokens travel
/// in fragments, which are never sent; the rest of an address is nobody else's business), <c>nosniff</c> keeps
/// browsers from reading a JSON or CSV answer as script, and HSTS tells a browser that came over HTTPS to stay there.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private readonly string? _projectorAncestors = string.IsNullOrWhiteSpace(options.Value.ProjectorFrameAncestors)
        ? null
        : options.Value.ProjectorFrameAncestors.Trim();

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        var projector = _projectorAncestors is not null && IsProjector(context.Request.Path);
        headers.ContentSecurityPolicy = Policy(context.Request, projector ? _projectorAncestors! : "'none'");
        if (!projector)
        {
            // For browsers that predate frame-ancestors.
            headers.XFrameOptions = "DENY";
        }

        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }

        return next(context);
    }

    /// <summary>
    /// The policy. <c>connect-src 'self'</c> covers the page's own WebSocket in current browsers (CSP 3); the
    /// explicit ws: and wss: sources of the same host are for the ones that only match http(s) with 'self'.
    /// </summary>
    public static string Policy(HttpRequest request, string frameAncestors)
    {
        var host = request.Host.HasValue ? request.Host.Value : null;
        var sockets = host is null ? "" : $" ws://{host} wss://{host}";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; "
            + $"connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frameAncestors}";
    }

    private static bool IsProjector(PathString path) =>
        path.Equals("/projector", StringComparison.OrdinalIgnoreCase) || path.Equals("/projector.html", StringComparison.OrdinalIgnoreCase);
}
