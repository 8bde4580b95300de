using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Data;

namespace StakeholderHub.Realtime;

/// <summary>
/// The hub's counters, in one Meter named "StakeholderHub" (System.Diagnostics.Metrics), so <c>dotnet-counters
/// monitor -n StakeholderHub --counters StakeholderHub</c> and OpenTelemetry's exporters see them.
/// </summary>
public static class HubMetrics
{
    public const string MeterName = "StakeholderHub";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ChangeWriter, byte> Writers = new();

    /// <summary>Hub calls taken, by method.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("stakeholderhub.hub.calls", "{call}", "Hub calls taken");

    /// <summary>Hub calls refused, by code (invalid, forbidden, not_found, rate_limited, …): the protocol at work, not errors.</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("stakeholderhub.hub.refusals", "{call}", "Hub calls refused, by refusal code");

    /// <summary>Batches of changes broadcast to an event's clients.</summary>
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("stakeholderhub.broadcast.batches", "{batch}", "Batches of changes broadcast");

    /// <summary>Connections closed because they fell too far behind (they stopped reading); their clients resync.</summary>
    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("stakeholderhub.broadcast.dropped", "{connection}", "Connections closed for falling too far behind");

    /// <summary>How long the writer's transactions take, from the first change run to the commit.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("stakeholderhub.writer.commit.duration", "s", "Time of one writer transaction (group commit)");

    static HubMetrics() =>
        Meter.CreateObservableGauge("stakeholderhub.writer.queue.depth", () => Writers.Keys.Select(writer => new Measurement<int>(writer.QueueDepth)),
            "{change}", "Changes waiting for the writer");

    internal static void Track(ChangeWriter writer) => Writers.TryAdd(writer, 0);

    internal static void Untrack(ChangeWriter writer) => Writers.TryRemove(writer, out _);
}

/// <summary>Counts every hub call and every refusal by its code (outermost filter: it sees the refusal as the caller does).</summary>
public sealed class CallCounter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        HubMetrics.Calls.Add(1, new KeyValuePair<string, object?>("method", invocationContext.HubMethodName));
        try
        {
            return await next(invocationContext);
        }
        catch (HubException refused) when (refused.Message.IndexOf(':') is > 0 and var colon)
        {
            HubMetrics.Refusals.Add(1, new KeyValuePair<string, object?>("code", refused.Message[..colon]));
            throw;
        }
    }
}

/// <summary>
/// SignalR logs every exception a hub method throws at error level with its stack trace, a refusal (a
/// <see cref="HubException"/>, which the caller is answered with) too. Refusals are the protocol working: this
/// factory passes everything through unchanged except those, which go to debug. Other errors stay errors.
/// </summary>
internal sealed class QuietRefusalsLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string Dispatcher = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == Dispatcher ? new RefusalsAtDebug(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory is the container's: it disposes it.
    public void Dispose()
    {
    }

    private sealed class RefusalsAtDebug(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel) || inner.IsEnabled(LogLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is HubException && logLevel > LogLevel.Debug)
            {
                if (inner.IsEnabled(LogLevel.Debug))
                {
                    inner.Log(LogLevel.Debug, eventId, state, exception, (s, e) => $"{formatter(s, e)} Refused: {e?.Message}");
                }
            }
            else if (inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

/// <summary>Keeps this host's writer in the queue-depth gauge while it runs.</summary>
internal sealed class WriterDepth(ChangeWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        HubMetrics.Track(writer);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        HubMetrics.Untrack(writer);
        return Task.CompletedTask;
    }
}

public static class HubTelemetry
{
    /// <summary>Refusals logged at debug, the hub's counters. Call before AddSignalR, so the call counter is the outermost filter.</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services)
    {
        var factory = services.Last(descriptor => descriptor.ServiceType == typeof(ILoggerFactory));
        services.Remove(factory);
        services.Add(new ServiceDescriptor(typeof(LoggerFactory), typeof(LoggerFactory), ServiceLifetime.Singleton));
        services.AddSingleton<ILoggerFactory>(sp => new QuietRefusalsLoggerFactory(sp.GetRequiredService<LoggerFactory>()));

        services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(options => options.AddFilter<CallCounter>());
        services.AddHostedService<WriterDepth>();
        return services;
    }
}
