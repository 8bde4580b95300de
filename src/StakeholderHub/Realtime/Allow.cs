using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Access;

namespace StakeholderHub.Realtime;

/// <summary>
/// The roles that may call a hub method, declared beside it, and what they do with it (the refusal says so to everyone
/// else). <see cref="RoleFilter"/> checks it before any service runs; a hub method without one stops the start.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowAttribute(string action, params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;

    public string Action { get; } = action;
}

/// <summary>Marks a hub method every role may call (reading the clock or what one missed).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowEveryoneAttribute : Attribute;

/// <summary>Checks every hub call against the roles declared on its method: the one place roles are checked.</summary>
public sealed class RoleFilter(PeopleDirectory people) : IHubFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, AllowAttribute?> Declared = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var allow = Declared.GetOrAdd(invocationContext.HubMethod, method => method.GetCustomAttribute<AllowAttribute>());
        if (allow is not null)
        {
            var caller = await people.Caller(invocationContext.Context.User);
            if (!allow.Roles.Contains(caller.Role))
            {
                Refuse(allow);
            }
        }

        return await next(invocationContext);
    }

    /// <summary>"Only the facilitator can …", "Only participants and stakeholders can …": templates the pages translate.</summary>
    private static void Refuse(AllowAttribute allow)
    {
        var action = allow.Action;
        if (allow.Roles.Count == 1)
        {
            var role = Roles.Name(allow.Roles[0]);
            StakeholderHub.Refusal.Forbidden($"Only the {role} can {action}.");
        }

        if (!allow.Roles.Contains(Role.Facilitator))
        {
            StakeholderHub.Refusal.Forbidden($"Only participants and stakeholders can {action}.");
        }

        if (allow.Roles.Contains(Role.Moderator))
        {
            if (allow.Roles.Contains(Role.Stakeholder))
            {
                StakeholderHub.Refusal.Forbidden($"Only stakeholders, the moderators and the facilitator can {action}.");
            }

            StakeholderHub.Refusal.Forbidden($"Only the facilitator and the moderators can {action}.");
        }

        StakeholderHub.Refusal.Forbidden($"Only stakeholders and the facilitator can {action}.");
    }

    /// <summary>
    /// Refuses to start a hub with a method that declares no roles: a method added without thinking of who may call
    /// it would otherwise be open to every role.
    /// </summary>
    public static void CheckDeclared(Type hub)
    {
        var undeclared = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && method.DeclaringType == hub)
            .Where(method => method.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .Where(method => method.GetCustomAttribute<AllowAttribute>() is null && method.GetCustomAttribute<AllowEveryoneAttribute>() is null)
            .Select(method => method.Name)
            .ToList();
        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                $"The hub methods {string.Join(", ", undeclared)} of {hub.Name} declare no roles: put [Allow(...)] or [AllowEveryone] on each.");
        }
    }
}
