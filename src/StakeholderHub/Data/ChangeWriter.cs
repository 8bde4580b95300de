using System.Threading.Channels;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// The store's one writer. Changes queue here and are committed in order, many to a transaction (group commit),
/// each inside its own savepoint so that one refused change leaves no trace and does not disturb the others.
/// Only after the commit are the callers answered and the changes handed to the broadcaster.
/// </summary>
public sealed class ChangeWriter : IHostedService, IAsyncDisposable
{
    private readonly Channel<IWork> _queue = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Database _database;
    private readonly ChangeBroadcaster _broadcaster;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChangeWriter> _logger;
    private readonly IChangeFollower[] _followers;
    private readonly int _maxBatch;
    private Task? _loop;

    public ChangeWriter(Database database, ChangeBroadcaster broadcaster, TimeProvider clock, IOptions<StorageOptions> options, ILogger<ChangeWriter> logger,
        IEnumerable<IChangeFollower>? followers = null)
    {
        _followers = followers?.ToArray() ?? [];
        _database = database;
        _broadcaster = broadcaster;
        _clock = clock;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
    }

    /// <summary>Whether the writer is taking changes: started, not stopped, and not failed.</summary>
    public bool IsRunning => _loop is { IsCompleted: false };

    /// <summary>Runs <paramref name="change"/> in the writer's transaction and answers once it is committed.</summary>
    public Task<T> Write<T>(Func<WriteContext, T> change)
    {
        var work = new Work<T>(change);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The store is not taking changes: it is shutting down or its writer failed.");
        }

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
        try
        {
            using var connection = _database.OpenWriter();
            using var statements = _database.Dialect.PreparedStatements(connection);
            var batch = new List<IWork>(_maxBatch);
            var reader = _queue.Reader;
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < _maxBatch && reader.TryRead(out var work))
                {
                    batch.Add(work);
                }

                Commit(connection, statements, batch);
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
    }

    private void Commit(DbConnection connection, Statements? statements, List<IWork> batch)
    {
        var done = new List<(IWork Work, WriteContext Context)>(batch.Count);
        try
        {
            using var transaction = connection.BeginTransaction();
            foreach (var work in batch)
            {
                var context = new WriteContext(connection, transaction, _clock.GetUtcNow(), statements);
                // Savepoints spelled out (the same SQL on both stores); on SQLite as prepared statements: they run twice per change.
                Run(connection, statements, transaction, "SAVEPOINT change");
                try
                {
                    work.Run(context);
                    foreach (var follower in _followers)
                    {
                        follower.Follow(context);
                    }

                    Run(connection, statements, transaction, "RELEASE change");
                    done.Add((work, context));
                }
                catch (Exception error)
                {
                    Run(connection, statements, transaction, "ROLLBACK TO change");
                    Run(connection, statements, transaction, "RELEASE change");
                    if (error is not Refusal)
                    {
                        _logger.LogError(error, "A change failed and was rolled back");
                    }

                    work.Fail(error);
                }
            }

            transaction.Commit();
        }
        catch (Exception error)
        {
            _logger.LogError(error, "Committing {Count} changes failed; none of them was stored", done.Count);
            foreach (var (work, _) in done)
            {
                work.Fail(error);
            }

            return;
        }

        foreach (var (work, context) in done)
        {
            _broadcaster.Publish(context.Changes);
            work.Complete();
        }
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
        void Run(WriteContext context);

        void Complete();

        void Fail(Exception error);
    }

    private sealed class Work<T>(Func<WriteContext, T> change) : IWork
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _answer.Task;

        public void Run(WriteContext context) => _result = change(context);

        public void Complete() => _answer.TrySetResult(_result!);

        public void Fail(Exception error) => _answer.TrySetException(error);
    }
}
