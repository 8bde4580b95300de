using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Realtime;

public static class BoundedFanOut
{
    /// <summary>The hub's lifetime manager where one node has every connection (no backplane).</summary>
    public static IServiceCollection AddBoundedFanOut(this IServiceCollection services) =>
        services.AddSingleton<HubLifetimeManager<SessionHub>, BoundedLifetimeManager<SessionHub>>();
}

/// <summary>
/// SignalR's lifetime manager of one node, with a bound on what waits for each connection. A batch to a group or
/// to a few connections is serialized once and handed to each connection; the broadcaster waits only for the
/// connections that were keeping up (at most a second), so it merges what piles up while the room is written to,
/// and a slow socket never holds it more than once. A connection with more than <see cref="BroadcastOptions.MaxPendingBatches"/>
/// batches still unwritten (it stopped reading: a phone asleep in a pocket, a Wi-Fi that went away without a word)
/// is closed; its client reconnects and calls Sync, as after any drop. SignalR's own manager would wait for every
/// connection of the group before the next batch could go. (Several nodes keep the Redis backplane's manager:
/// docs/performance.md says what that leaves.)
/// </summary>
public sealed class BoundedLifetimeManager<THub>(
    ILogger<DefaultHubLifetimeManager<THub>> signalRLogger,
    IOptions<BroadcastOptions> options,
    ILogger<BoundedLifetimeManager<THub>> logger)
    : DefaultHubLifetimeManager<THub>(signalRLogger)
    where THub : Hub
{
    private readonly int _limit = Math.Max(1, options.Value.MaxPendingBatches);
    private readonly ConcurrentDictionary<string, Outgoing> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Outgoing>> _groups = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = new Outgoing(connection, _limit, logger);
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (_connections.TryRemove(connection.ConnectionId, out var outgoing))
        {
            foreach (var group in outgoing.Groups())
            {
                if (_groups.TryGetValue(group, out var members))
                {
                    members.TryRemove(connection.ConnectionId, out _);
                }
            }
        }

        return base.OnDisconnectedAsync(connection);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await base.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (_connections.TryGetValue(connectionId, out var outgoing))
        {
            _groups.GetOrAdd(groupName, _ => new ConcurrentDictionary<string, Outgoing>(StringComparer.Ordinal))[connectionId] = outgoing;
            outgoing.Joined(groupName);
        }
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await base.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        if (_groups.TryGetValue(groupName, out var members) && members.TryRemove(connectionId, out var outgoing))
        {
            outgoing.Left(groupName);
        }
    }

    /// <summary>
    /// Hands the batch to every connection of the group; the task ends when the connections that were keeping up
    /// have written it (or after <see cref="KeepingUpWait"/>): the broadcaster then merges what piles up meanwhile
    /// into its next batch, as it would with SignalR's own manager, but a connection already behind never holds it.
    /// </summary>
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        if (!_groups.TryGetValue(groupName, out var members) || members.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var message = Message(methodName, args);
        List<Task>? writing = null;
        foreach (var outgoing in members.Values)
        {
            if (outgoing.Write(message) is { } write)
            {
                (writing ??= []).Add(write);
            }
        }

        return Written(writing);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _connections.TryGetValue(connectionId, out var outgoing) ? Written(outgoing.Write(Message(methodName, args)) is { } write ? [write] : null) : Task.CompletedTask;

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        SerializedHubMessage? message = null;
        List<Task>? writing = null;
        foreach (var connectionId in connectionIds)
        {
            if (_connections.TryGetValue(connectionId, out var outgoing) && outgoing.Write(message ??= Message(methodName, args)) is { } write)
            {
                (writing ??= []).Add(write);
            }
        }

        return Written(writing);
    }

    /// <summary>How long a batch waits for connections that were keeping up before it looks at who is still writing.</summary>
    private static readonly TimeSpan KeepingUpWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest a batch waits when most of the room is still being written to: the server is behind, not a socket.</summary>
    private static readonly TimeSpan ServerBehindWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits for the writes of the connections that were keeping up. After <see cref="KeepingUpWait"/>, a few still
    /// writing (at most ten, or one in twenty) are sockets that stalled: the batch goes on without them (they are not
    /// waited for again, and past the bound they close). More than that means the server itself is behind (its core
    /// is full): then it waits for them, so that what piles up meanwhile is merged into the next batch instead of
    /// queueing in every connection's buffers (measured: 1.9 GB instead of 0.8 GB for 5,000 clients).
    /// </summary>
    private static async Task Written(List<Task>? writing)
    {
        if (writing is null)
        {
            return;
        }

        var all = Task.WhenAll(writing);
        if (await Task.WhenAny(all, Task.Delay(KeepingUpWait)) == all)
        {
            return;
        }

        var still = writing.Count(write => !write.IsCompleted);
        if (still <= Math.Max(10, writing.Count / 20))
        {
            return;
        }

        try
        {
            await all.WaitAsync(ServerBehindWait);
        }
        catch (TimeoutException)
        {
            // Thirty seconds behind: the next batch goes all the same.
        }
    }

    /// <summary>Serialized once per protocol, however many connections it goes to.</summary>
    private static SerializedHubMessage Message(string methodName, object?[] args) => new(new InvocationMessage(methodName, args));

    /// <summary>One connection's writes: how many are not finished yet, and the groups it is in.</summary>
    private sealed class Outgoing(HubConnectionContext connection, int limit, ILogger logger)
    {
        private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
        private int _pending;
        private int _dropped;

        public void Joined(string group)
        {
            lock (_groups)
            {
                _groups.Add(group);
            }
        }

        public void Left(string group)
        {
            lock (_groups)
            {
                _groups.Remove(group);
            }
        }

        public string[] Groups()
        {
            lock (_groups)
            {
                return [.. _groups];
            }
        }

        /// <summary>
        /// Hands the message to the connection (SignalR writes one connection's messages in the order handed); past
        /// the bound the connection is closed instead, once. Answers the write still going on when the connection
        /// was keeping up until now (nothing else of it unwritten), else null: no one waits for one already behind.
        /// </summary>
        public Task? Write(SerializedHubMessage message)
        {
            if (Volatile.Read(ref _dropped) != 0)
            {
                return null;
            }

            var pending = Interlocked.Increment(ref _pending);
            if (pending > limit)
            {
                Interlocked.Decrement(ref _pending);
                if (Interlocked.Exchange(ref _dropped, 1) == 0)
                {
                    logger.LogInformation("Connection {ConnectionId} fell {Limit} batches behind; closed, its client resyncs", connection.ConnectionId, limit);
                    HubMetrics.Dropped.Add(1);
                    connection.Abort();
                }

                return null;
            }

            ValueTask write;
            try
            {
                write = connection.WriteAsync(message);
            }
            catch (Exception)
            {
                Interlocked.Decrement(ref _pending);
                return null;
            }

            if (write.IsCompleted)
            {
                Finish(write);
                return null;
            }

            var finishing = FinishLater(write);
            return pending == 1 ? finishing : null;
        }

        private void Finish(ValueTask write)
        {
            try
            {
                write.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // A connection going away: SignalR logs it and closes it.
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }

        private async Task FinishLater(ValueTask write)
        {
            try
            {
                await write;
            }
            catch (Exception)
            {
                // As above.
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
