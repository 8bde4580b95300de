using Microsoft.Extensions.Options;

namespace StakeholderHub.Realtime;

/// <summary>This process among the nodes: its id in the connection registry and in <c>/health</c>.</summary>
public sealed class NodeIdentity(IOptions<HubOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.NodeName)
        ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
        : options.Value.NodeName.Trim();
}
