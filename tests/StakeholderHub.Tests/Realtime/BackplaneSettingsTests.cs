namespace StakeholderHub.Tests.Realtime;

/// <summary>The Redis backplane is for several nodes, which share a PostgreSQL store; SQLite belongs to one node.</summary>
public sealed class BackplaneSettingsTests
{
    [Fact]
    public void ARedisBackplaneOnTheSqliteStoreIsRefusedAtStartWithWhatToDo()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // No store given: SQLite in the data folder, whichever store the suite runs on.
            var error = Assert.Throws<InvalidOperationException>(() =>
                HubServer.Build(dataPath, new Dictionary<string, string?> { ["Redis:ConnectionString"] = "127.0.0.1:6379" }));
            Assert.Contains("Storage:Provider", error.Message);
            Assert.Contains("postgres", error.Message);
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
