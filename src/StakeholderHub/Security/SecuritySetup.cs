using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;

namespace StakeholderHub.Security;

/// <summary>
/// What protects the hub at its door: forwarded headers believed from known proxies only, the security headers,
/// a join budget per client address, and small request bodies for the HTTP API.
/// </summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.Configure<SecurityOptions>(section);
        var settings = section.Get<SecurityOptions>() ?? new SecurityOptions();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Behind nginx the client's address, scheme and host come from the proxy; believed from known proxies only,
            // so nobody else can pick the address their joins are counted under.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            var proxies = List(settings.KnownProxies);
            var networks = List(settings.KnownNetworks);
            if (proxies.Length > 0 || networks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in networks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Problems.Write(context.HttpContext, context.HttpContext.Request.Path.StartsWithSegments("/api/organiser")
                    ? new Refusal(RefusalCode.RateLimited, "Too many sign-in attempts. Wait a few minutes and try again.")
                    : new Refusal(RefusalCode.RateLimited, "Too many joins from this address in a short time. Wait a moment and try again."));
            };
            // Only joining is limited here (hub calls have their own budget per person: Realtime/RateLimit.cs).
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsJoin(context.Request)
                    ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, settings.JoinBurst),
                        TokensPerPeriod = Math.Max(1, settings.JoinsPerMinute),
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return builder;
    }

    /// <summary>Before everything else: the real client first, then the headers, the join budget and the body cap.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        var maxBody = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.MaxApiBodyBytes;
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = maxBody;
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static bool IsJoin(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/join", StringComparison.OrdinalIgnoreCase);

    private static string[] List(string? text) =>
        (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
