using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>
/// The hub call being answered: which connection made it, and as whom. The writer reads it when a change is queued
/// (<see cref="Data.ChangeWriter"/>), so that the answer carries the caller's own entries (<see cref="Ack.Changes"/>)
/// and the broadcaster does not send them to that connection a second time.
/// </summary>
public sealed record Calling(string ConnectionId, long PersonId)
{
    private static readonly AsyncLocal<Calling?> CurrentCall = new();

    /// <summary>The call this code runs for; null outside a hub call (a timer's flush, an HTTP request).</summary>
    public static Calling? Current => CurrentCall.Value;

    /// <summary>Sets <see cref="Current"/> for the rest of the calling async flow (<see cref="CallingFilter"/>).</summary>
    internal static void Set(Calling? calling) => CurrentCall.Value = calling;
}

/// <summary>Marks each hub call with its connection and person (<see cref="Calling"/>) for the length of the call.</summary>
public sealed class CallingFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Set inside this async method, the value is gone again when it returns: it never leaks into the next call.
        if (invocationContext.Context.Items.TryGetValue(typeof(Person), out var connected) && connected is Person person)
        {
            Calling.Set(new Calling(invocationContext.Context.ConnectionId, person.Id));
        }

        return await next(invocationContext);
    }
}
