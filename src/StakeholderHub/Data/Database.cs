using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Data;

/// <summary>Opens connections to the configured store: embedded SQLite in the data folder (the default) or PostgreSQL.</summary>
public sealed class Database(IOptions<StorageOptions> options) : IDisposable
{
    /// <summary>What differs between the stores (<see cref="Data.Dialect"/>).</summary>
    public Dialect Dialect { get; } = Dialect.For(options.Value);

    public DbConnection Open() => Dialect.Open();

    /// <summary>Opens the one writer's connection.</summary>
    public DbConnection OpenWriter() => Dialect.OpenWriter();

    /// <summary>A read transaction in which every statement sees the same committed state.</summary>
    public DbTransaction BeginRead(DbConnection connection) => Dialect.BeginRead(connection);

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
