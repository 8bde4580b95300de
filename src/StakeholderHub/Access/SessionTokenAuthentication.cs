using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Access;

/// <summary>
/// Authenticates a request by its session token: <c>Authorization: Bearer</c>, or the <c>access_token</c> query
/// parameter on the hub (WebSockets cannot send headers from a browser). The token's person must exist.
/// </summary>
public sealed class SessionTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenSigner signer,
    PeopleDirectory people)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SessionToken";
    public const string PersonIdClaim = "person";
    public const string LinkGenerationClaim = "link";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!signer.TryRead(token, out var personId, out var generation) || await people.Find(personId, generation) is not { } person)
        {
            return AuthenticateResult.Fail("The token is not valid here.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(PersonIdClaim, person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Role, Roles.Name(person.Role)),
                new Claim(LinkGenerationClaim, generation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await Problems.Write(Context, new Refusal(RefusalCode.Unauthorized, "This link or token is not valid. Ask the facilitator for a new one."));
    }

    /// <summary>A role that the endpoint does not allow (<see cref="EndpointRoles.RequireRoles{TBuilder}"/>): a refusal like the hub's.</summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await Problems.Write(Context, new Refusal(RefusalCode.Forbidden, "This link does not allow that; the facilitator's or the owner's does."));
    }

    private string? ReadToken()
    {
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var query))
        {
            return query.ToString();
        }

        return null;
    }
}

public static class EndpointRoles
{
    /// <summary>Only callers with one of these roles reach the endpoint: the HTTP side of the hub's declared roles.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole(roles.Select(Roles.Name)));
}

public static class PrincipalExtensions
{
    public static long PersonId(this ClaimsPrincipal? user) =>
        long.Parse(user?.FindFirstValue(SessionTokenAuthentication.PersonIdClaim)
            ?? throw new InvalidOperationException("The request is not authenticated."),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The generation of the link the caller came with (<see cref="TokenSigner"/>).</summary>
    public static int LinkGeneration(this ClaimsPrincipal? user) =>
        int.Parse(user?.FindFirstValue(SessionTokenAuthentication.LinkGenerationClaim)
            ?? throw new InvalidOperationException("The request is not authenticated."),
            System.Globalization.CultureInfo.InvariantCulture);
}
