namespace StakeholderHub.Realtime;

/// <summary>What the server sends to a connected client; the method names are the wire contract.</summary>
public interface ISessionClient
{
    /// <summary>The group's entries of versions <c>From &lt; v &lt;= To</c>: every client's chain of versions.</summary>
    Task Changes(ChangeBatch batch);

    /// <summary>
    /// The entries of those versions addressed to this person alone; it does not move the receiver's version, and
    /// may come before or after the <see cref="Changes"/> batch that covers it (docs/protocol.md, "Own entries").
    /// </summary>
    Task Own(ChangeBatch batch);
}
