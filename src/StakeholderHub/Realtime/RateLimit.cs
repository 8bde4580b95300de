using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>How many calls a person may make at once before the budget runs out.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>How many calls a second the budget refills.</summary>
    public double PerSecond { get; set; } = 5;
}

/// <summary>
/// A budget of hub calls per participant and stakeholder (a token bucket): a call past it is refused with
/// <c>rate_limited:</c> before it reaches a service, so it changes nothing and costs the others nothing. The
/// facilitator and the projector are not limited; <c>Clock</c> is free.
/// </summary>
public sealed class RateLimitFilter(PeopleDirectory people, TimeProvider clock, IOptions<RateLimitOptions> options) : IHubFilter
{
    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();
    private readonly double _burst = Math.Max(1, options.Value.Burst);
    private readonly double _perSecond = Math.Max(0.01, options.Value.PerSecond);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName != nameof(SessionHub.Clock))
        {
            var caller = await people.Caller(invocationContext.Context.User);
            if (caller.Role is Role.Participant or Role.Stakeholder && !Take(caller.Id))
            {
                throw new Refusal(RefusalCode.RateLimited, "Too many actions in a short time. Wait a moment and try again.");
            }
        }

        return await next(invocationContext);
    }

    private bool Take(long personId)
    {
        var now = clock.GetTimestamp();
        var bucket = _buckets.GetOrAdd(personId, _ => new Bucket(_burst, now));
        lock (bucket)
        {
            var seconds = clock.GetElapsedTime(bucket.Updated, now).TotalSeconds;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + seconds * _perSecond);
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; set; } = updated;
    }
}
