using StakeholderHub.Realtime;

namespace StakeholderHub.Data;

/// <summary>
/// Hears of every committed change, in commit order: the broadcaster of one node (<see cref="ChangeBroadcaster"/>)
/// or of several (<see cref="Cluster.SharedBroadcaster"/>), chosen once by the store's setup (<see cref="StoreSetup"/>).
/// </summary>
public interface ICommitListener
{
    void Committed(IReadOnlyList<StoredChange> changes);

    /// <summary>The events this node broadcasts now (<c>/health</c>).</summary>
    IReadOnlyCollection<long> Broadcasting { get; }
}
