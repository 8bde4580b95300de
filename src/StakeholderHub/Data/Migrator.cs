using System.Reflection;
using Dapper;

namespace StakeholderHub.Data;

/// <summary>
/// Applies the numbered migrations embedded under <c>Data/Migrations/Sqlite</c> or <c>Data/Migrations/Postgres</c>
/// (the store's) that the database has not seen, each in its own transaction, and records them in
/// <c>schema_migrations</c>.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    public void Migrate()
    {
        var dialect = database.Dialect;
        using var connection = database.OpenWriter();
        dialect.BeforeMigrations(connection);
        try
        {
            Apply(connection, dialect);
        }
        finally
        {
            dialect.AfterMigrations(connection);
        }
    }

    private void Apply(System.Data.Common.DbConnection connection, Dialect dialect)
    {
        connection.Execute(dialect.SchemaMigrationsTable);
        var applied = connection.Query<long>("SELECT number FROM schema_migrations").ToHashSet();

        foreach (var (number, name, sql) in Migrations(dialect.MigrationPrefix))
        {
            if (applied.Contains(number))
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, @AppliedAt)",
                new { Number = number, Name = name, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction);
            transaction.Commit();
            logger.LogInformation("Applied migration {Number} {Name}", number, name);
        }
    }

    private static IEnumerable<(long Number, string Name, string Sql)> Migrations(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var found = new List<(long, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^4];
            var number = long.Parse(name[..name.IndexOf('_')]);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            found.Add((number, name, reader.ReadToEnd()));
        }

        return found.OrderBy(m => m.Item1);
    }
}
