using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace StakeholderHub.Data;

/// <summary>
/// Everything that differs between the two stores, in one place: how connections are opened, how a consistent read
/// is begun, where the migrations live, and whether the writer keeps its own prepared statements. The SQL of the
/// stores is the same on both: RETURNING, <c>INSERT ... ON CONFLICT</c> and <c>LIMIT</c> work on SQLite and PostgreSQL
/// alike, a list parameter is written through <see cref="InList"/>, every integer column is a 64-bit integer on both (times are Unix
/// milliseconds) and booleans are stored as 0 or 1. What the schemas spell differently (<c>INTEGER PRIMARY KEY</c>
/// against identity columns, <c>WITHOUT ROWID</c>, the append-only triggers) is in the two migration folders,
/// <c>Data/Migrations/Sqlite</c> and <c>Data/Migrations/Postgres</c>, which mirror each other file by file.
/// </summary>
public abstract class Dialect : IDisposable
{
    /// <summary>The provider's name in <c>Storage:Provider</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the embedded migrations of this store start (<c>migrations/sqlite/</c>).</summary>
    public string MigrationPrefix => $"migrations/{Name}/";

    /// <summary>The table that records the applied migrations.</summary>
    public abstract string SchemaMigrationsTable { get; }

    public abstract DbConnection Open();

    /// <summary>
    /// Opens a connection without holding a thread while it waits: for the paths a whole room takes at once (300 phones
    /// reconnecting), where waiting for a pooled connection on a thread starves the thread pool that the queries'
    /// completions need.
    /// </summary>
    public virtual Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult(Open());

    /// <summary>The one writer's connection.</summary>
    public abstract DbConnection OpenWriter();

    /// <summary>A read transaction in which every statement sees the same committed state (a snapshot).</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>The writer's prepared statements when this store gains from keeping its own, else null (plain Dapper).</summary>
    public abstract Statements? PreparedStatements(DbConnection connection);

    /// <summary>Whether a change that failed with <paramref name="error"/> may succeed when it runs again (a deadlock).</summary>
    public virtual bool IsTransient(Exception error) => false;

    /// <summary>Inside the writer's transaction, just before it commits: tells other nodes which events changed.</summary>
    public virtual void AnnounceCommit(DbConnection connection, DbTransaction transaction, IEnumerable<long> eventIds)
    {
    }

    /// <summary>Inside the writer's transaction, just before it commits: tells other nodes whose links were revoked or rows changed.</summary>
    public virtual void AnnouncePeople(DbConnection connection, DbTransaction transaction, PeopleChanges changes)
    {
    }

    /// <summary>
    /// Begins a change of the event in the writer's transaction. Where several writers share the store (PostgreSQL),
    /// it locks the event's row first and answers the event's version: every change then waits for its event before
    /// it locks any other row that another node's writer may also want (a proposal's counts), in the same order on
    /// every node, so two nodes' writers never deadlock (docs/deploy.md). Nothing on SQLite, where one writer has the file.
    /// </summary>
    public virtual long? BeginChange(DbConnection connection, DbTransaction transaction, long eventId) => null;

    /// <summary><c>expression</c> is one of the list <c>parameter</c>.</summary>
    public abstract string InList(string expression, string parameter);

    /// <summary>The advisory lock that the nodes take in turn to migrate (<see cref="BeforeMigrations"/>).</summary>
    public const long MigrationsLock = 7707001;

    /// <summary>The advisory lock around "is there a default event? else make it" at first start.</summary>
    public const long DefaultEventLock = 7707003;

    /// <summary>The advisory lock around making the first key of the shared Data Protection key ring.</summary>
    public const long KeyRingLock = 7707004;

    /// <summary>
    /// Holds the lock <paramref name="key"/> until <paramref name="transaction"/> ends, waiting for a node that holds
    /// it: something the nodes must do one at a time. Nothing on SQLite, where one process has the file.
    /// </summary>
    public virtual void LockUntilCommit(IDbConnection connection, IDbTransaction transaction, long key)
    {
    }

    /// <summary>Runs before the migrations and holds until <see cref="AfterMigrations"/>: several nodes may start at once.</summary>
    public virtual void BeforeMigrations(DbConnection connection)
    {
    }

    public virtual void AfterMigrations(DbConnection connection)
    {
    }

    /// <summary>
    /// After an erase or a purge committed: gets the old versions of the touched rows out of the files (SQLite: the
    /// WAL checkpointed and truncated, its pages being zeroed by secure_delete; PostgreSQL: VACUUM of the tables).
    /// </summary>
    public virtual void Compact(IReadOnlyList<string> tables)
    {
    }

    public virtual void Dispose()
    {
    }
}

/// <summary>The embedded store: one file in the data folder, WAL, and the writer's own prepared statements.</summary>
public sealed class SqliteDialect : Dialect
{
    private readonly string _connectionString;

    public SqliteDialect(StorageOptions options)
    {
        var folder = options.FullDataPath;
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, "stakeholderhub.db");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Name => "sqlite";

    public string FilePath { get; }

    public override string SchemaMigrationsTable => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            number INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """;

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// WAL, so readers never wait for the writer, and FULL sync, so a change that was acknowledged survives a power
    /// cut too. The writer commits many changes at once, so one sync covers them all. secure_delete: what a change
    /// deletes or overwrites is zeroed in the page, so erased text leaves the file (docs/privacy.md).
    /// </summary>
    public override DbConnection OpenWriter()
    {
        var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
        return connection;
    }

    public override void Compact(IReadOnlyList<string> tables)
    {
        using var connection = OpenWriter();
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>BEGIN DEFERRED: in WAL mode every read in it sees the same committed state.</summary>
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    /// <summary>Dapper expands the list.</summary>
    public override string InList(string expression, string parameter) => $"{expression} IN {parameter}";

    /// <summary>SQLite compiles a statement each time a command runs it: the writer keeps its statements compiled (docs/performance.md).</summary>
    public override Statements? PreparedStatements(DbConnection connection) => new((SqliteConnection)connection);
}

/// <summary>
/// PostgreSQL, shared by every node. The writer's statements go through Dapper; Npgsql prepares the ones it sees
/// often by itself (<c>Max Auto Prepare</c>, set here unless the connection string sets it). The event's version is
/// taken with <c>UPDATE events SET version = version + 1 ... RETURNING version</c> inside the writer's transaction:
/// that row lock is held until the commit, so two writers (two nodes) never hand out the same version, and the
/// versions of one event commit in order.
/// </summary>
public sealed class PostgresDialect : Dialect
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Storage:Provider is 'postgres' but Storage:ConnectionString is not set.");
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!options.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override string Name => "postgres";

    public override string SchemaMigrationsTable => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            number bigint PRIMARY KEY,
            name text NOT NULL,
            applied_at bigint NOT NULL
        )
        """;

    public override DbConnection Open() => _source.OpenConnection();

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken);

    public override DbConnection OpenWriter() => Open();

    /// <summary>REPEATABLE READ: PostgreSQL's snapshot, so the version and the state read with it agree.</summary>
    public override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    public override Statements? PreparedStatements(DbConnection connection) => null;

    /// <summary>Other nodes' broadcasters learn of the commit: <c>NOTIFY</c>, delivered when the transaction commits.</summary>
    public override void AnnounceCommit(DbConnection connection, DbTransaction transaction, IEnumerable<long> eventIds) =>
        Cluster.ClusterStore.Announce(connection, transaction, eventIds);

    /// <summary>Other nodes forget these people (and close the revoked ones' connections): <c>NOTIFY</c>, delivered at commit.</summary>
    public override void AnnouncePeople(DbConnection connection, DbTransaction transaction, PeopleChanges changes) =>
        Cluster.ClusterStore.AnnouncePeople(connection, transaction, changes);

    /// <summary>A deadlock between two nodes' writers (40P01), or a serialization failure (40001).</summary>
    public override bool IsTransient(Exception error) => error is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Nodes that start together migrate one after the other: a session-level advisory lock.</summary>
    public override void BeforeMigrations(DbConnection connection) => connection.Execute("SELECT pg_advisory_lock(@Key)", new { Key = MigrationsLock });

    public override void AfterMigrations(DbConnection connection) => connection.Execute("SELECT pg_advisory_unlock(@Key)", new { Key = MigrationsLock });

    /// <summary>Dapper hands Npgsql the list as one array parameter, which <c>IN</c> cannot take.</summary>
    public override string InList(string expression, string parameter) => $"{expression} = ANY({parameter})";

    public override long? BeginChange(DbConnection connection, DbTransaction transaction, long eventId) =>
        connection.ExecuteScalar<long?>("SELECT version FROM events WHERE id = @EventId FOR UPDATE", new { EventId = eventId }, transaction)
            ?? throw new InvalidOperationException($"Event {eventId} does not exist.");

    /// <summary>A transaction-level advisory lock: released by the commit or the rollback, never left behind.</summary>
    public override void LockUntilCommit(IDbConnection connection, IDbTransaction transaction, long key) =>
        connection.Execute("SELECT pg_advisory_xact_lock(@Key)", new { Key = key }, transaction);

    public override void Compact(IReadOnlyList<string> tables)
    {
        using var connection = Open();
        foreach (var table in tables)
        {
            connection.Execute($"VACUUM {table}");
        }
    }

    /// <summary>Closes the pooled connections with the app.</summary>
    public override void Dispose() => _source.Dispose();
}
