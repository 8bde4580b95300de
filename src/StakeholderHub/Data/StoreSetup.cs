using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Cluster;
using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// The one place that chooses between one node and several, from <c>Storage:Provider</c>, at start-up. SQLite is one
/// node: the writer's commits go straight to this node's broadcaster, connections are known in memory, secrets are
/// files. PostgreSQL may be shared by several nodes (<see cref="ClusterSetup"/>). Nothing else asks which it is: the
/// writer, the hub and the features see only <see cref="ICommitListener"/>, <see cref="IConnectionRegistry"/>,
/// <see cref="IServerSecrets"/> and the <see cref="Dialect"/>.
/// </summary>
public static class StoreSetup
{
    public static WebApplicationBuilder AddStore(this WebApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var services = builder.Services;
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<Connections>();
        services.AddSingleton<BatchSender>();
        services.AddSingleton<ChangeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeWriter>());

        switch (storage.Provider.Trim().ToLowerInvariant())
        {
            case "" or "sqlite":
                RefuseBackplane(builder);
                services.AddSingleton<Dialect>(sp => new SqliteDialect(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
                services.AddSingleton<ChangeBroadcaster>();
                services.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<ChangeBroadcaster>());
                services.AddSingleton<IConnectionRegistry>(sp => sp.GetRequiredService<Connections>());
                services.AddBoundedFanOut();
                services.AddSingleton<IServerSecrets, FileSecrets>();
                // Authentication brings Data Protection along; nothing here protects data with it, but its keys belong
                // in the data folder rather than in the user's profile.
                services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.FullDataPath, "data-protection-keys")));
                break;
            case "postgres" or "postgresql":
                builder.AddSeveralNodes(signalR);
                break;
            case var other:
                throw new InvalidOperationException($"Storage:Provider is '{other}'; it can be 'sqlite' (the default) or 'postgres'.");
        }

        return builder;
    }

    private static void RefuseBackplane(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(BackplaneOptions.Section).Get<BackplaneOptions>() is { Enabled: true })
        {
            throw new InvalidOperationException(
                "Redis:ConnectionString is set, but the store is SQLite, which one node has to itself. Several nodes share "
                + "a PostgreSQL store: set Storage:Provider to postgres and Storage:ConnectionString (docs/deploy.md).");
        }
    }
}
