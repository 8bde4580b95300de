using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Realtime;

/// <summary>
/// A clean stop under traffic. When the host is asked to stop (SIGTERM), before SignalR closes the connections:
/// new negotiations and connections are refused with 503 (the clients retry: with several nodes nginx sends them to
/// another one), calls not yet taken are refused with <c>unavailable:</c>, and the calls already taken are waited
/// for (a bounded wait), so each of them is committed and answered before its connection is closed. Then the host
/// stops as usual, without connections to wait for.
/// </summary>
public sealed class Drain
{
    private int _inFlight;
    private volatile bool _draining;
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDraining => _draining;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a call, unless draining has begun: then it answers false and the call is not taken.</summary>
    public bool TryEnter()
    {
        // Counted before the check, so a drain that begins meanwhile waits for this call.
        Interlocked.Increment(ref _inFlight);
        if (_draining)
        {
            Exit();
            return false;
        }

        return true;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _draining)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>Refuses from now on and waits until every call taken has finished, at most <paramref name="limit"/>.</summary>
    public async Task<bool> Run(TimeSpan limit)
    {
        _draining = true;
        if (InFlight == 0)
        {
            _idle.TrySetResult();
        }

        try
        {
            await _idle.Task.WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>Counts the calls taken and refuses new ones while draining (before the other filters but the call counter, so nothing runs).</summary>
public sealed class DrainFilter(Drain drain) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!drain.TryEnter())
        {
            throw new HubException("unavailable: The server is restarting. Your connection moves to another one; try again in a moment.");
        }

        try
        {
            return await next(invocationContext);
        }
        finally
        {
            drain.Exit();
        }
    }
}

/// <summary>
/// While draining: 503 with Retry-After for the hub's negotiations and connections, and <c>/health</c> says
/// "draining" with 503, so a load balancer stops sending people here.
/// </summary>
public sealed class DrainGate(RequestDelegate next, Drain drain, NodeIdentity node)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (drain.IsDraining)
        {
            if (context.Request.Path.StartsWithSegments("/hubs"))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            if (context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { status = "draining", node = node.Id, inFlight = drain.InFlight });
                return;
            }
        }

        await next(context);
    }
}

public sealed class DrainOptions
{
    public const string Section = "Drain";

    /// <summary>The longest a stop waits for the calls already taken (each is one commit: milliseconds, normally).</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>After the last call, how long its answer has to leave before the connections are closed.</summary>
    public int FlushMilliseconds { get; set; } = 250;
}

/// <summary>
/// Hooks the drain into ApplicationStopping. Registered when the host has started, so after SignalR's own hook that
/// closes every connection; cancellation callbacks run newest first, so the drain runs before it.
/// </summary>
internal sealed class DrainOnStop(Drain drain, IHostApplicationLifetime lifetime, IOptions<DrainOptions> options, ILogger<DrainOnStop> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var inFlight = drain.InFlight;
            var finished = drain.Run(TimeSpan.FromSeconds(options.Value.TimeoutSeconds)).GetAwaiter().GetResult();
            if (inFlight > 0)
            {
                // The last answers were handed to SignalR; give them time to leave before the connections close.
                Thread.Sleep(Math.Max(0, options.Value.FlushMilliseconds));
            }

            if (finished)
            {
                logger.LogInformation("Drained: {InFlight} calls in flight were answered in {Elapsed} ms; closing the connections", inFlight, started.ElapsedMilliseconds);
            }
            else
            {
                logger.LogWarning("{Count} calls were still running {Seconds} s after the stop began; closing the connections anyway", drain.InFlight, options.Value.TimeoutSeconds);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class Draining
{
    /// <summary>The graceful stop. Call before AddSignalR, so the drain filter comes first.</summary>
    public static IServiceCollection AddDraining(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DrainOptions>(configuration.GetSection(DrainOptions.Section));
        services.AddSingleton<Drain>();
        services.AddHostedService<DrainOnStop>();
        services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(options => options.AddFilter<DrainFilter>());
        services.AddTransient<IStartupFilter, DrainGateFirst>();
        return services;
    }

    private sealed class DrainGateFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<DrainGate>();
            next(app);
        };
    }
}
