using System.Threading.Channels;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// The store's one writer, and the one door every change goes through. A change belongs to one event: it is queued
/// with the event's id (<see cref="Change"/>, <see cref="Create"/>, <see cref="Write{T}"/>), and the feature gets one
/// handle, a <see cref="WriteContext"/> bound to that event, for its store's statements, its entries and its evidence.
/// Changes are committed in order, many to a transaction (group commit), each inside its own savepoint so that one
/// refused change leaves no trace and does not disturb the others. Only after the commit are the callers answered
/// and the changes handed to the <see cref="ICommitListener"/> (the broadcaster of one node or of several).
/// </summary>
public sealed class ChangeWriter : IHostedService, IAsyncDisposable
{
    private readonly Channel<IWork> _queue = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Database _database;
    private readonly ICommitListener _listener;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChangeWriter> _logger;
    private readonly IChangeFollower[] _followers;
    private readonly IPeopleListener? _people;
    private readonly int _maxBatch;

    /// <summary>How many times a change is run when it keeps meeting deadlocks, before it fails.</summary>
    private const int MaxAttempts = 10;
    private Task? _loop;

    // Counted by hand: a single-reader channel cannot count its items.
    private int _depth;

    public ChangeWriter(Database database, ICommitListener listener, TimeProvider clock, IOptions<StorageOptions> options, ILogger<ChangeWriter> logger,
        IEnumerable<IChangeFollower>? followers = null, IPeopleListener? people = null)
    {
        _people = people;
        _followers = followers?.ToArray() ?? [];
        _database = database;
        _listener = listener;
        _clock = clock;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
    }

    /// <summary>Whether the writer is taking changes: started, not stopped, and not failed.</summary>
    public bool IsRunning => _loop is { IsCompleted: false };

    /// <summary>How many changes wait to be run (the queue-depth gauge, Realtime/HubTelemetry.cs).</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>
    /// A change of the event that answers with the version it committed as, or the event's current version when it
    /// changed nothing (a retry): the writer answers "unchanged" itself. Made in a hub call, the answer also carries
    /// the caller's own entries (<see cref="Ack.Changes"/>).
    /// </summary>
    public Task<Ack> Change(long eventId, Action<WriteContext> change)
    {
        var calling = Calling.Current;
        return Enqueue<Ack>(eventId, context =>
        {
            change(context);
            return () => new Ack(context.Version, null, context.AnswerTo(calling));
        });
    }

    /// <summary>A change that creates something (or finds what a retry created): the answer carries its id.</summary>
    public Task<Ack> Create(long eventId, Func<WriteContext, long> create)
    {
        var calling = Calling.Current;
        return Enqueue<Ack>(eventId, context =>
        {
            var id = create(context);
            return () => new Ack(context.Version, id, context.AnswerTo(calling));
        });
    }

    /// <summary>A change of the event whose answer the feature makes (a badge, a report).</summary>
    public Task<T> Write<T>(long eventId, Func<WriteContext, T> change) => Enqueue(eventId, Answered(change));

    /// <summary>
    /// A change that makes its own event: the context is bound to it once the event's row is inserted
    /// (<c>EventStore.Insert</c>); emitting or recording evidence before that fails, and the change with it.
    /// </summary>
    public Task<T> CreateEvent<T>(Func<WriteContext, T> change) => Enqueue(null, Answered(change));

    private static Func<WriteContext, Func<T>> Answered<T>(Func<WriteContext, T> change) => context =>
    {
        var result = change(context);
        return () => result;
    };

    /// <summary>Queues a change; what it returns makes its answer once the followers ran, still in the transaction.</summary>
    private Task<T> Enqueue<T>(long? eventId, Func<WriteContext, Func<T>> change)
    {
        var work = new Work<T>(eventId, change);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The store is not taking changes: it is shutting down or its writer failed.");
        }

        Interlocked.Increment(ref _depth);
        return work.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes no new changes and lets the writer commit what is queued. It waits even when the host's shutdown
    /// time is already spent (committing the queue takes milliseconds), but never hangs the shutdown for long.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            _logger.LogError("The store's writer did not finish its queue within 10 seconds of shutdown");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private void Run()
    {
        DbConnection? connection = null;
        Statements? statements = null;
        try
        {
            var batch = new List<IWork>(_maxBatch);
            var again = new List<IWork>();
            var reader = _queue.Reader;
            while (again.Count > 0 || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                // Changes to run again (after a deadlock) go first, in their order.
                batch.Clear();
                batch.AddRange(again);
                while (batch.Count < _maxBatch && reader.TryRead(out var work))
                {
                    Interlocked.Decrement(ref _depth);
                    batch.Add(work);
                }

                // A connection the database dropped (PostgreSQL restarted, the network went away) is opened again;
                // while it cannot be, the changes are answered with the error, none is left waiting.
                if (connection is not { State: System.Data.ConnectionState.Open })
                {
                    statements?.Dispose();
                    connection?.Dispose();
                    (connection, statements) = (null, null);
                    try
                    {
                        connection = _database.OpenWriter();
                        statements = _database.Dialect.PreparedStatements(connection);
                    }
                    catch (Exception error)
                    {
                        _logger.LogError(error, "The store's writer cannot reach the database; {Count} changes fail", batch.Count);
                        foreach (var work in batch)
                        {
                            work.Fail(error);
                        }

                        again = [];
                        Thread.Sleep(500);
                        continue;
                    }
                }

                again = Commit(connection, statements, batch);
            }
        }
        catch (Exception error)
        {
            // Without its writer the store can take no change: refuse new ones and fail the queued ones, never hang.
            _logger.LogCritical(error, "The store's writer stopped");
            _queue.Writer.TryComplete(error);
            while (_queue.Reader.TryRead(out var work))
            {
                work.Fail(error);
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>
    /// Commits the batch and answers its changes; returns the changes to run again in the next transaction: on
    /// PostgreSQL two nodes' writers can deadlock (each holds a row the other needs: an event's row for its version, a
    /// proposal's for its counts), and PostgreSQL then fails one side's statement. That change and the ones after it
    /// are run again after this transaction commits what went before, which lets the other node's writer through.
    /// </summary>
    private List<IWork> Commit(DbConnection connection, Statements? statements, List<IWork> batch)
    {
        var done = new List<(IWork Work, WriteContext Context)>(batch.Count);
        var again = new List<IWork>();
        PeopleChanges people;
        var index = 0;
        var started = _clock.GetTimestamp();
        try
        {
            using var transaction = connection.BeginTransaction();
            var writerTransaction = new WriterTransaction(connection, transaction, statements);
            // Savepoints spelled out (the same SQL on both stores). SQLite runs them as prepared statements (no round
            // trips). On PostgreSQL, where each statement is a round trip, a change's savepoint travels in front of its
            // first statement, together with the release of the previous change's (the commit releases the last): no
            // round trip of its own. Each has its own name there, so going back to one that was never sent fails the
            // transaction instead of undoing an earlier change.
            string? unreleased = null;
            for (; index < batch.Count; index++)
            {
                var work = batch[index];
                var mark = writerTransaction.Marked();
                var context = new WriteContext(connection, transaction, _clock.GetUtcNow(), statements, _database.Dialect, writerTransaction, work.EventId);
                var savepoint = statements is null ? $"change{index}" : "change";
                if (statements is not null)
                {
                    Run(connection, statements, transaction, "SAVEPOINT change");
                }
                else
                {
                    context.StartWith(unreleased is null ? $"SAVEPOINT {savepoint}" : $"RELEASE {unreleased}; SAVEPOINT {savepoint}");
                }

                try
                {
                    context.Begin();
                    work.Run(context);
                    foreach (var follower in _followers)
                    {
                        follower.Follow(context);
                    }

                    work.Answer();

                    if (statements is not null)
                    {
                        Run(connection, statements, transaction, "RELEASE change");
                    }
                    else if (context.Started)
                    {
                        unreleased = savepoint;
                    }

                    // A change that ran no statement took no savepoint: the previous one still waits for its release.
                    done.Add((work, context));
                }
                catch (Exception error)
                {
                    if (statements is not null)
                    {
                        Run(connection, statements, transaction, "ROLLBACK TO change");
                        Run(connection, statements, transaction, "RELEASE change");
                    }
                    else if (context.Started)
                    {
                        Run(connection, statements, transaction, $"ROLLBACK TO {savepoint}; RELEASE {savepoint}");
                        unreleased = null;
                    }

                    writerTransaction.Reset(mark);
                    if (_database.Dialect.IsTransient(error) && ++work.Attempts < MaxAttempts)
                    {
                        _logger.LogWarning("A change met a deadlock (attempt {Attempt}); it runs again in the next transaction", work.Attempts);
                        again.AddRange(batch.Skip(index));
                        break;
                    }

                    if (error is not Refusal)
                    {
                        _logger.LogError(error, "A change failed and was rolled back");
                    }

                    work.Fail(error);
                }
            }

            // The change-log rows, many to a statement, and each event's version once, as its last change left it.
            writerTransaction.Finish();

            // Other nodes' broadcasters learn of the commit (PostgreSQL: NOTIFY, sent when the transaction commits).
            _database.Dialect.AnnounceCommit(connection, transaction, done.SelectMany(d => d.Context.Changes).Select(c => c.EventId).Distinct());
            people = PeopleChanges.Of(done.Select(d => d.Context.PeopleChanges));
            if (!people.IsEmpty)
            {
                _database.Dialect.AnnouncePeople(connection, transaction, people);
            }

            transaction.Commit();
            HubMetrics.CommitDuration.Record(_clock.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception error) when (done.Count == 0 && index == 0 && connection.State != System.Data.ConnectionState.Open
                                      && batch.Count > 0 && ++batch[0].Attempts < MaxAttempts)
        {
            // The connection was gone before the first change could run (PostgreSQL dropped an idle connection):
            // nothing was stored, so the whole batch runs again on a new connection.
            _logger.LogWarning(error, "The store's writer lost its connection; {Count} changes run again on a new one", batch.Count);
            return [.. batch];
        }
        catch (Exception error)
        {
            _logger.LogError(error, "Committing {Count} changes failed; none of them was stored", done.Count);
            foreach (var (work, _) in done)
            {
                work.Fail(error);
            }

            // The transaction failed before every change had run (a lost connection): the rest are answered too,
            // never left waiting. Changes set aside to run again are run again.
            if (again.Count == 0)
            {
                foreach (var work in batch.Skip(index))
                {
                    work.Fail(error);
                }
            }

            return again;
        }

        // Revoked links stop before anything of the commit is sent: their connections on this node close first.
        if (!people.IsEmpty)
        {
            _people?.Changed(people);
        }

        foreach (var (work, context) in done)
        {
            _listener.Committed(context.Changes);
            work.Complete();
        }

        return again;
    }

    private static void Run(DbConnection connection, Statements? statements, DbTransaction transaction, string sql)
    {
        if (statements is not null)
        {
            statements.Execute(sql, null, transaction);
        }
        else
        {
            connection.Execute(sql, null, transaction);
        }
    }

    private interface IWork
    {
        /// <summary>How many times the change met a deadlock.</summary>
        int Attempts { get; set; }

        long? EventId { get; }

        void Run(WriteContext context);

        /// <summary>Makes the answer, after the followers, still in the transaction.</summary>
        void Answer();

        void Complete();

        void Fail(Exception error);
    }

    private sealed class Work<T>(long? eventId, Func<WriteContext, Func<T>> change) : IWork
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Func<T>? _answerOf;
        private T? _result;

        public Task<T> Task => _answer.Task;

        public int Attempts { get; set; }

        public long? EventId => eventId;

        public void Run(WriteContext context) => _answerOf = change(context);

        public void Answer() => _result = _answerOf!();

        public void Complete() => _answer.TrySetResult(_result!);

        public void Fail(Exception error) => _answer.TrySetException(error);
    }
}
