using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Organisers;

/// <summary>
/// The organisers' sign-in: a cookie scheme beside the session-token scheme (which stays the default for the hub and
/// the rest of the API), optional OpenID Connect, the sign-in rate limit and the organiser policy.
/// </summary>
public static class OrganiserSetup
{
    public const string CookieScheme = "Organiser";
    public const string OpenIdScheme = "OrganiserOidc";
    public const string Policy = "Organiser";
    public const string SignInLimit = "organiser-sign-in";
    public const string OrganiserIdClaim = "organiser";

    /// <summary>The header every cookie-authenticated POST and DELETE must carry (anti-forgery, docs/protocol.md).</summary>
    public const string RequestHeader = "X-Organiser-Request";

    public static WebApplicationBuilder AddOrganisers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(OrganiserOptions.Section);
        services.Configure<OrganiserOptions>(section);
        var settings = section.Get<OrganiserOptions>() ?? new OrganiserOptions();
        services.AddSingleton<OrganiserService>();

        var authentication = services.AddAuthentication()
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "shub.organiser";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = "/";
                options.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(1, settings.SessionHours));
                options.SlidingExpiration = true;
                // An API answers; it never redirects to a sign-in page.
                options.Events.OnRedirectToLogin = context => Problems.Write(context.HttpContext,
                    new Refusal(RefusalCode.Unauthorized, "Sign in as an organiser first."));
                options.Events.OnRedirectToAccessDenied = context => Problems.Write(context.HttpContext,
                    new Refusal(RefusalCode.Forbidden, "Only organisers can do that."));
                // A deleted account's cookie no longer works.
                options.Events.OnValidatePrincipal = context =>
                {
                    var organisers = context.HttpContext.RequestServices.GetRequiredService<OrganiserService>();
                    if (OrganiserId(context.Principal) is not { } id || organisers.Find(id) is null)
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            });

        if (settings.OpenIdConnect.Enabled)
        {
            var oidc = settings.OpenIdConnect;
            authentication.AddOpenIdConnect(OpenIdScheme, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SaveTokens = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                options.Scope.Add("email");
                options.CallbackPath = "/organiser/signin-oidc";
                options.SignedOutCallbackPath = "/organiser/signout-oidc";
                options.SignInScheme = CookieScheme;
                options.Events.OnTicketReceived = context =>
                {
                    // The identity provider's user is one of the hub's organisers by e-mail address, or no one.
                    var email = context.Principal?.FindFirstValue(oidc.EmailClaim) ?? context.Principal?.FindFirstValue(ClaimTypes.Email);
                    var organisers = context.HttpContext.RequestServices.GetRequiredService<OrganiserService>();
                    if (organisers.FindByEmail(email) is { } organiser)
                    {
                        context.Principal = Principal(organiser);
                    }
                    else
                    {
                        context.Response.Redirect("/organiser?signin=unknown");
                        context.HandleResponse();
                    }

                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/organiser?signin=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(OrganiserIdClaim));

        services.AddRateLimiter(options => options.AddPolicy(SignInLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.SignInAttemptsPerAddress),
                Window = TimeSpan.FromMinutes(Math.Max(1, settings.SignInWindowMinutes)),
                QueueLimit = 0,
            })));
        return builder;
    }

    public static ClaimsPrincipal Principal(Organiser organiser) =>
        new(new ClaimsIdentity(
            [
                new Claim(OrganiserIdClaim, organiser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, organiser.Name),
                new Claim(ClaimTypes.Email, organiser.Email),
            ],
            CookieScheme));

    public static long? OrganiserId(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirstValue(OrganiserIdClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;

    public static bool OpenIdConnectEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<OrganiserOptions>>().Value.OpenIdConnect.Enabled;
}
