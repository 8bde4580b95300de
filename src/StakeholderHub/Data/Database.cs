using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Data;

/// <summary>Opens connections to the embedded SQLite store in the data folder.</summary>
public sealed class Database
{
    private readonly string _connectionString;

    public Database(IOptions<StorageOptions> options)
    {
        var folder = options.Value.FullDataPath;
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

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Opens the one writer's connection: WAL, so readers never wait for it, and FULL sync, so a change that was
    /// acknowledged survives a power cut too. The writer commits many changes at once, so one sync covers them all.
    /// </summary>
    public SqliteConnection OpenWriter()
    {
        var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Whether the database can be opened and read.</summary>
    public bool Answers()
    {
        try
        {
            using var connection = Open();
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
