using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;

namespace StakeholderHub.Access;

/// <summary>
/// Where the server's secrets live. On SQLite: files in the data folder, made at first start (<see cref="Secrets"/>,
/// <see cref="SigningKeys.LoadOrCreate(string)"/>), as always. On PostgreSQL, which several nodes share: one row each
/// in <c>server_secrets</c>, made by whichever node finds it missing first and read by every other, so a session
/// token, the facilitator key and the badge signing key are the same on every node.
/// </summary>
public sealed class ServerSecrets(Database database, IOptions<StorageOptions> storage, ILogger<ServerSecrets> logger)
{
    /// <summary>Whether the secrets live in the database (PostgreSQL) rather than in the data folder.</summary>
    public bool InDatabase => database.Dialect.SharedByNodes;

    public string DataFolder => storage.Value.FullDataPath;

    /// <summary>A random key of <paramref name="bytes"/> bytes, named after its file (<c>token-signing.key</c>), made once.</summary>
    public byte[] Key(string fileName, int bytes) => InDatabase
        ? Convert.FromBase64String(Shared(fileName, fileName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))))
        : Secrets.ReadOrCreate(DataFolder, fileName, bytes);

    /// <summary>
    /// The secret stored as <paramref name="name"/> in <c>server_secrets</c>. When there is none yet this node offers
    /// one: what its data folder holds at <paramref name="file"/> (a node that made its keys before they moved into
    /// the database keeps them, and with them the tokens and badges it gave out), else <paramref name="make"/>(). The
    /// offer is an <c>INSERT ... ON CONFLICT DO NOTHING</c>, then what is stored is read back: of nodes that start at
    /// the same instant, the first insert to commit wins and every node ends with that one.
    /// </summary>
    public string Shared(string name, string file, Func<string> make)
    {
        using var connection = database.Open();
        var path = Path.Combine(DataFolder, file);
        var stored = Read(connection, name);
        if (stored is null)
        {
            var offered = File.Exists(path) ? File.ReadAllText(path).Trim() : make();
            connection.Execute(
                "INSERT INTO server_secrets (name, value, created_at) VALUES (@Name, @Value, @CreatedAt) ON CONFLICT (name) DO NOTHING",
                new { Name = name, Value = offered, CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            stored = Read(connection, name) ?? throw new InvalidOperationException($"The secret {name} was stored but cannot be read back.");
        }

        if (File.Exists(path) && File.ReadAllText(path).Trim() != stored)
        {
            logger.LogWarning("{File} in this node's data folder differs from the {Name} that the nodes share in the database; the database's is used", path, name);
        }

        return stored;
    }

    /// <summary>
    /// Makes (or reads) every secret at start rather than at first use, after the migrations. On PostgreSQL this also
    /// makes the shared Data Protection key ring's first key, one node at a time: a node that starts later finds the
    /// key the first one stored, instead of making a second one that the others have not read yet.
    /// </summary>
    public static void Prepare(IServiceProvider services)
    {
        services.GetRequiredService<SigningKeys>();
        services.GetRequiredService<TokenSigner>();
        _ = services.GetRequiredService<IOptions<HubOptions>>().Value.FacilitatorKey;

        var database = services.GetRequiredService<Database>();
        if (!database.Dialect.SharedByNodes)
        {
            return;
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        database.Dialect.LockUntilCommit(connection, transaction, Dialect.KeyRingLock);
        // Protecting something reads the key ring, and makes its first key if the database holds none.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("StakeholderHub.KeyRing").Protect([0]);
        transaction.Commit();
    }

    private static string? Read(System.Data.IDbConnection connection, string name) =>
        connection.QuerySingleOrDefault<string>("SELECT value FROM server_secrets WHERE name = @Name", new { Name = name });
}
