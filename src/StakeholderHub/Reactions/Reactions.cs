using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Reactions;

public sealed class ReactionOptions
{
    public const string Section = "Reactions";

    /// <summary>How often the taps counted in memory are added to the store and sent: one change per event at most.</summary>
    public int FlushMs { get; set; } = 1000;
}

/// <summary>The reactions a participant can send during a pitch or a talk.</summary>
public static class ReactionKinds
{
    public static readonly string[] All = ["clap", "idea", "heart", "think"];
}

/// <summary>A running agenda item's reaction counts (0: none was running), and how many of each the last flush added.</summary>
public sealed record ReactionCounts(long AgendaItemId, IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, long> Added);

/// <summary>
/// Reactions cost a tap almost nothing: they are counted in memory per event and kind (an interlocked add, no
/// database, no writer), and once a flush interval an event's taps go to the store as one change: the counts of the
/// agenda item running then grow by them and everyone gets the new counts. They are not evidence. With several nodes
/// each node counts its own taps and adds them to the same rows, so the stored counts are the room's.
/// </summary>
public sealed class ReactionCounter(ChangeWriter writer, IOptions<ReactionOptions> options, ILogger<ReactionCounter> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, long[]> _pending = new();

    public void React(Person caller, string? reaction)
    {
        var index = Array.IndexOf(ReactionKinds.All, reaction);
        if (index < 0)
        {
            Refusal.Invalid($"A reaction is one of: {string.Join(", ", ReactionKinds.All)}.");
        }

        var counts = _pending.GetOrAdd(caller.EventId, _ => new long[ReactionKinds.All.Length]);
        Interlocked.Increment(ref counts[index]);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, options.Value.FlushMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Flush();
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Flush();
    }

    /// <summary>Sends every event's counted taps to the store, one change per event.</summary>
    public async Task Flush()
    {
        foreach (var (eventId, counts) in _pending)
        {
            var taken = new long[counts.Length];
            for (var i = 0; i < counts.Length; i++)
            {
                taken[i] = Interlocked.Exchange(ref counts[i], 0);
            }

            if (taken.All(n => n == 0))
            {
                continue;
            }

            try
            {
                await writer.Change(eventId, context => Add(context, taken));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Reactions are not evidence: what one flush could not store is lost, and the room goes on.
                logger.LogWarning(error, "Could not store {Count} reactions of event {EventId}", taken.Sum(), eventId);
            }
        }
    }

    private static void Add(WriteContext context, long[] taken)
    {
        var itemId = AgendaStore.Current(context, context.EventId)?.Id ?? 0;
        for (var i = 0; i < taken.Length; i++)
        {
            if (taken[i] > 0)
            {
                ReactionStore.Add(context, itemId, ReactionKinds.All[i], taken[i]);
            }
        }

        var added = ReactionKinds.All.Select((kind, i) => (kind, i)).Where(k => taken[k.i] > 0).ToDictionary(k => k.kind, k => taken[k.i]);
        context.Emit("reactions", new ReactionCounts(itemId, ReactionStore.Counts(context, context.EventId, itemId), added), mergeKey: $"reactions:{itemId}");
    }
}

/// <summary>The SQL of the reaction counts.</summary>
public static class ReactionStore
{
    public static void Add(WriteContext context, long itemId, string reaction, long count) =>
        context.Execute(
            """
            INSERT INTO reaction_counts (event_id, agenda_item_id, reaction, count) VALUES (@EventId, @ItemId, @Reaction, @Count)
            ON CONFLICT (event_id, agenda_item_id, reaction) DO UPDATE SET count = reaction_counts.count + excluded.count
            """,
            new { context.EventId, ItemId = itemId, Reaction = reaction, Count = count });

    public static IReadOnlyDictionary<string, long> Counts(IStoreReader sql, long eventId, long itemId) =>
        sql.Query<(string Reaction, long Count)>(
            "SELECT reaction, count FROM reaction_counts WHERE event_id = @EventId AND agenda_item_id = @ItemId",
            new { EventId = eventId, ItemId = itemId }).ToDictionary(row => row.Reaction, row => row.Count);

    /// <summary>Every agenda item's counts, for a snapshot.</summary>
    public static IReadOnlyList<ReactionCounts> All(IStoreReader sql, long eventId) =>
        sql.Query<(long ItemId, string Reaction, long Count)>(
            "SELECT agenda_item_id, reaction, count FROM reaction_counts WHERE event_id = @EventId ORDER BY agenda_item_id, reaction",
            new { EventId = eventId })
            .GroupBy(row => row.ItemId)
            .Select(group => new ReactionCounts(group.Key, group.ToDictionary(row => row.Reaction, row => row.Count), new Dictionary<string, long>()))
            .ToList();
}
