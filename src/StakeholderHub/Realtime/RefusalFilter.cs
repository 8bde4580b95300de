using Microsoft.AspNetCore.SignalR;

namespace StakeholderHub.Realtime;

/// <summary>
/// Sends a refusal to the caller as a <see cref="HubException"/> whose message starts with its code and English
/// sentence; a second line carries its template and values for translation (<see cref="Refusal.WireMessage"/>).
/// </summary>
public sealed class RefusalFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Refusal refusal)
        {
            throw new HubException(refusal.WireMessage);
        }
    }
}
