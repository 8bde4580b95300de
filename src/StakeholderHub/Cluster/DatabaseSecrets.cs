using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;

namespace StakeholderHub.Cluster;

/// <summary>
/// Several nodes: one row each in <c>server_secrets</c>, made by whichever node finds it missing first and read by
/// every other, so a session token, the facilitator key and the badge signing key are the same on every node.
/// </summary>
public sealed class DatabaseSecrets(Database database, IOptions<StorageOptions> storage, ILogger<DatabaseSecrets> logger) : IServerSecrets
{
    public byte[] Key(string fileName, int bytes) =>
        Convert.FromBase64String(Shared(fileName, fileName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))));

    public SigningKeys BadgeSigningKey() =>
        SigningKeys.FromJwk(Shared(SigningKeys.FileName, Path.Combine("keys", SigningKeys.FileName), SigningKeys.NewJwkText), $"server_secrets/{SigningKeys.FileName}");

    /// <summary>
    /// The secret stored as <paramref name="name"/> in <c>server_secrets</c>. When there is none yet this node offers
    /// one: what its data folder holds at <paramref name="file"/> (a node that made its keys before they moved into
    /// the database keeps them, and with them the tokens and badges it gave out), else <paramref name="make"/>(). The
    /// offer is an <c>INSERT ... ON CONFLICT DO NOTHING</c>, then what is stored is read back: of nodes that start at
    /// the same instant, the first insert to commit wins and every node ends with that one.
    /// </summary>
    private string Shared(string name, string file, Func<string> make)
    {
        using var connection = database.Open();
        var path = Path.Combine(storage.Value.FullDataPath, file);
        var stored = ClusterStore.Secret(connection, name);
        if (stored is null)
        {
            var offered = File.Exists(path) ? File.ReadAllText(path).Trim() : make();
            ClusterStore.OfferSecret(connection, name, offered, DateTimeOffset.UtcNow);
            stored = ClusterStore.Secret(connection, name) ?? throw new InvalidOperationException($"The secret {name} was stored but cannot be read back.");
        }

        if (File.Exists(path) && File.ReadAllText(path).Trim() != stored)
        {
            logger.LogWarning("{File} in this node's data folder differs from the {Name} that the nodes share in the database; the database's is used", path, name);
        }

        return stored;
    }

    /// <summary>
    /// Makes the shared Data Protection key ring's first key, one node at a time: a node that starts later finds the
    /// key the first one stored, instead of making a second one that the others have not read yet.
    /// </summary>
    public void Prepare(IServiceProvider services)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        database.Dialect.LockUntilCommit(connection, transaction, Dialect.KeyRingLock);
        // Protecting something reads the key ring, and makes its first key if the database holds none.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("StakeholderHub.KeyRing").Protect([0]);
        transaction.Commit();
    }
}
