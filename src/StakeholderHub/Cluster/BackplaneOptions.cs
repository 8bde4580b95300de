namespace StakeholderHub.Cluster;

/// <summary>SignalR's Redis backplane, for several nodes on the shared store (docs/deploy.md).</summary>
public sealed class BackplaneOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis's configuration string (<c>redis.internal:6379,password=…</c>); none: no backplane.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Put before every Redis channel name, so several deployments can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "stakeholderhub";

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
