using System.Threading.RateLimiting;
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
/// A budget of hub calls per participant and stakeholder (a token bucket per person, System.Threading.RateLimiting):
/// a call past it is refused with <c>rate_limited:</c> before it reaches a service, so it changes nothing and costs
/// the others nothing. The facilitator and the projector are not limited; <c>Clock</c> is free.
/// </summary>
public sealed class RateLimitFilter : IHubFilter, IDisposable
{
    private readonly PeopleDirectory _people;
    private readonly PartitionedRateLimiter<long> _budgets;

    public RateLimitFilter(PeopleDirectory people, IOptions<RateLimitOptions> options)
    {
        _people = people;
        var bucket = Bucket(options.Value);
        _budgets = PartitionedRateLimiter.Create<long, long>(personId => RateLimitPartition.GetTokenBucketLimiter(personId, _ => bucket));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName != nameof(SessionHub.Clock))
        {
            var caller = await _people.Caller(invocationContext.Context.User);
            if (caller.Role is Role.Participant or Role.Stakeholder)
            {
                using var lease = _budgets.AttemptAcquire(caller.Id);
                if (!lease.IsAcquired)
                {
                    throw new Refusal(RefusalCode.RateLimited, "Too many actions in a short time. Wait a moment and try again.");
                }
            }
        }

        return await next(invocationContext);
    }

    public void Dispose() => _budgets.Dispose();

    /// <summary>
    /// The bucket of the settings: <c>Burst</c> tokens, refilled at <c>PerSecond</c>. Tokens come whole, so a slow
    /// refill is one token every 1/PerSecond seconds and a fast one a tenth of PerSecond every 100 ms. The partitioned
    /// limiter refills every bucket on its own 100 ms tick (no timer per person).
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(RateLimitOptions options)
    {
        var perSecond = Math.Max(0.01, options.PerSecond);
        var (tokens, period) = perSecond >= 10
            ? ((int)Math.Min(int.MaxValue, Math.Round(perSecond / 10)), TimeSpan.FromMilliseconds(100))
            : (1, TimeSpan.FromSeconds(1 / perSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }
}
