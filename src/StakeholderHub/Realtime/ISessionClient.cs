namespace StakeholderHub.Realtime;

/// <summary>What the server sends to a connected client; the method names are the wire contract.</summary>
public interface ISessionClient
{
    Task Changes(ChangeBatch batch);
}
