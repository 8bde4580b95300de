using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;
using Microsoft.Extensions.Options;

namespace StakeholderHub.Access;

/// <summary>
/// Where the server's secrets live, chosen once by the store's setup: files in the data folder for one node
/// (<see cref="FileSecrets"/>), rows of the shared database for several (<see cref="Cluster.DatabaseSecrets"/>), so a
/// session token, the facilitator key and the badge signing key are the same on every node.
/// </summary>
public interface IServerSecrets
{
    /// <summary>A random key of <paramref name="bytes"/> bytes, named after its file (<c>token-signing.key</c>), made once.</summary>
    byte[] Key(string fileName, int bytes);

    /// <summary>The key that signs the badges, made at first start.</summary>
    SigningKeys BadgeSigningKey();

    /// <summary>Makes (or reads) what must exist before the first request, after the migrations.</summary>
    void Prepare(IServiceProvider services);
}

/// <summary>One node: the secrets are files in the data folder, made at first start and readable by the owner only.</summary>
public sealed class FileSecrets(IOptions<StorageOptions> storage) : IServerSecrets
{
    public byte[] Key(string fileName, int bytes) => Secrets.ReadOrCreate(storage.Value.FullDataPath, fileName, bytes);

    public SigningKeys BadgeSigningKey() => SigningKeys.LoadOrCreate(storage.Value.FullDataPath);

    public void Prepare(IServiceProvider services)
    {
    }
}

public static class ServerSecrets
{
    /// <summary>Makes (or reads) every secret at start rather than at first use, after the migrations.</summary>
    public static void Prepare(IServiceProvider services)
    {
        services.GetRequiredService<SigningKeys>();
        services.GetRequiredService<TokenSigner>();
        _ = services.GetRequiredService<IOptions<HubOptions>>().Value.FacilitatorKey;
        services.GetRequiredService<IServerSecrets>().Prepare(services);
    }
}
