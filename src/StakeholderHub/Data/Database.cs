using System.Data.Common;
using Dapper;

namespace StakeholderHub.Data;

/// <summary>Opens connections to the configured store: embedded SQLite in the data folder (the default) or PostgreSQL.</summary>
public sealed class Database(Dialect dialect) : IDisposable
{
    /// <summary>What differs between the stores (<see cref="Data.Dialect"/>), chosen by <see cref="StoreSetup"/>.</summary>
    public Dialect Dialect { get; } = dialect;

    public DbConnection Open() => Dialect.Open();

    /// <summary>Opens a connection without holding a thread while the pool has none free (<see cref="Dialect.OpenAsync"/>).</summary>
    public Task<DbConnection> OpenAsync() => Dialect.OpenAsync();

    /// <summary>Opens the one writer's connection.</summary>
    public DbConnection OpenWriter() => Dialect.OpenWriter();

    /// <summary>A read transaction in which every statement sees the same committed state.</summary>
    public DbTransaction BeginRead(DbConnection connection) => Dialect.BeginRead(connection);

    /// <summary>Reads statement by statement, each seeing what is committed when it runs.</summary>
    public StoreRead Read() => new(Open(), null, Dialect);

    /// <summary>Reads that all see the same committed state (one read transaction).</summary>
    public StoreRead Snapshot()
    {
        var connection = Open();
        return new StoreRead(connection, Dialect.BeginRead(connection), Dialect);
    }

    public void Dispose() => Dialect.Dispose();

    /// <summary>Whether the database can be opened and read.</summary>
    public bool Answers()
    {
        try
        {
            using var connection = Open();
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
