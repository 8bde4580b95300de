using System.Reflection;
using Dapper;

namespace StakeholderHub.Data;

/// <summary>
/// Applies the numbered migrations embedded under <c>Data/Migrations/Sqlite</c> that the database has not seen,
/// each in its own transaction, and records them in <c>schema_migrations</c>.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    private const string Prefix = "migrations/sqlite/";

    public void Migrate()
    {
        using var connection = database.OpenWriter();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                number INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """);
        var applied = connection.Query<long>("SELECT number FROM schema_migrations").ToHashSet();

        foreach (var (number, name, sql) in Migrations())
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

    private static IEnumerable<(long Number, string Name, string Sql)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var found = new List<(long, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[Prefix.Length..^4];
            var number = long.Parse(name[..name.IndexOf('_')]);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            found.Add((number, name, reader.ReadToEnd()));
        }

        return found.OrderBy(m => m.Item1);
    }
}
