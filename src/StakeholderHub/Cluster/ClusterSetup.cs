using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Data;
using StakeholderHub.Realtime;

namespace StakeholderHub.Cluster;

/// <summary>
/// Several nodes on one PostgreSQL database (docs/deploy.md): each event's broadcasting node reads the committed
/// changes back from the database (<see cref="SharedBroadcaster"/>), connections are registered in the database
/// (<see cref="SharedConnections"/>), the secrets and the Data Protection key ring are shared rows, and SignalR's
/// Redis backplane carries batches to every node's connections when <c>Redis:ConnectionString</c> is set.
/// One node on PostgreSQL runs the same way.
/// </summary>
public static class ClusterSetup
{
    public static WebApplicationBuilder AddSeveralNodes(this WebApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var services = builder.Services;
        services.AddSingleton<Dialect>(sp => new PostgresDialect(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<SharedConnections>();
        services.AddSingleton<IConnectionRegistry>(sp => sp.GetRequiredService<SharedConnections>());
        services.AddSingleton<SharedBroadcaster>();
        services.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<SharedBroadcaster>());
        services.AddHostedService(sp => sp.GetRequiredService<SharedBroadcaster>());
        services.AddSingleton<IServerSecrets, DatabaseSecrets>();
        // Data Protection's key ring (which authentication brings along) in the database, shared by the nodes.
        services.AddDataProtection();
        SharedKeyRing.AddTo(services);

        var backplane = builder.Configuration.GetSection(BackplaneOptions.Section).Get<BackplaneOptions>() ?? new BackplaneOptions();
        if (backplane.Enabled)
        {
            signalR.AddStackExchangeRedis(backplane.ConnectionString!, options =>
            {
                options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(backplane.ChannelPrefix);
                // Keep trying when Redis is away (at start too), and find it again within a second or two once it is back.
                options.Configuration.AbortOnConnectFail = false;
                options.Configuration.ReconnectRetryPolicy = new StackExchange.Redis.LinearRetry(1000);
            });
        }
        else
        {
            // One node on PostgreSQL: its connections are all here, as on SQLite.
            services.AddBoundedFanOut();
        }

        return builder;
    }
}
