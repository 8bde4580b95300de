namespace StakeholderHub.Tests;

/// <summary>A test class with its own running hub on a fresh data folder, for each test.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected HubServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await HubServer.Start();

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}
