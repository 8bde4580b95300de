using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace StakeholderHub.Tests;

/// <summary>
/// The store a test server runs on. SQLite in the server's data folder unless STAKEHOLDERHUB_STORE=postgres, when each
/// test server gets a fresh database of its own in the PostgreSQL cluster at STAKEHOLDERHUB_PG (tests/services.sh
/// starts one), dropped when the server is disposed. Tests read the store through <see cref="Open"/>, whichever it is.
/// </summary>
public sealed class TestStore
{
    private readonly string? _database;

    private TestStore(string dataPath, string? database, string? connectionString)
    {
        DataPath = dataPath;
        _database = database;
        ConnectionString = connectionString;
    }

    /// <summary>Whether the tests run on PostgreSQL (STAKEHOLDERHUB_STORE=postgres).</summary>
    public static bool Postgres => string.Equals(Environment.GetEnvironmentVariable("STAKEHOLDERHUB_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public string DataPath { get; }

    public string? ConnectionString { get; }

    public string SqliteFile => Path.Combine(DataPath, "stakeholderhub.db");

    /// <summary>The settings that point a server at this store (none for SQLite: the data folder is enough).</summary>
    public IReadOnlyDictionary<string, string?> Settings => ConnectionString is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = ConnectionString };

    public static TestStore Create(string dataPath)
    {
        if (!Postgres)
        {
            return new TestStore(dataPath, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG")
            ?? throw new InvalidOperationException("STAKEHOLDERHUB_STORE=postgres needs STAKEHOLDERHUB_PG, a PostgreSQL connection string (tests/services.sh).");
        var name = "shub_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Execute($"CREATE DATABASE {name}");
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestStore(dataPath, name, builder.ConnectionString);
    }

    /// <summary>A connection to the store, not yet open. SQLite's is opened ReadWrite, not ReadWriteCreate: a wrong path fails instead of reading an empty new database.</summary>
    public DbConnection Open() => ConnectionString is null
        ? new SqliteConnection($"Data Source={SqliteFile};Mode=ReadWrite;Pooling=False")
        : new NpgsqlConnection(ConnectionString);

    /// <summary>Every table of the store, by name.</summary>
    public IReadOnlyList<string> Tables()
    {
        using var connection = Open();
        return connection.Query<string>(ConnectionString is null
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name").ToList();
    }

    /// <summary>Forgets the pooled connections and drops a PostgreSQL database; the data folder is the caller's.</summary>
    public void Drop()
    {
        SqliteConnection.ClearAllPools();
        if (_database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG"));
        connection.Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }
}

/// <summary>
/// A browser test of what a page says or how it looks, which no store changes: it runs on the SQLite pass and is
/// skipped on the PostgreSQL pass, where it would only take the same minutes again.
/// </summary>
public sealed class StoreIndependentFactAttribute : FactAttribute
{
    public StoreIndependentFactAttribute()
    {
        if (TestStore.Postgres)
        {
            Skip = "What a page says does not depend on the store: run on the SQLite pass.";
        }
    }
}
